# public_decls.awk - list what the public headers declare at file scope.
#
# Input: the preprocessor's output (cc -E, with its # <line> "<file>" markers)
# for a file that includes the headers.  Only text from files whose path
# starts with one of the prefixes in -v prefixes="<p1>|<p2>|..." is read.
# Output, one line per declared name:
#
#   function <name> <file>:<line>   a function with external linkage (exported)
#   variable <name> <file>:<line>   an object with external linkage (exported)
#   static   <name> <file>:<line>   a static (inline) function: not exported
#   defined  <name> <file>:<line>   a function defined in the header without
#                                   static (an error in a public header)
#
# Working on preprocessed text means comments, macros and conditionals are
# already dealt with.  The rest is a small state machine over tokens:
# declarations end at a ';' outside parentheses and braces, may span lines
# and carry __attribute__((...)), asm labels and [[...]] attributes; brace
# bodies (structs, enums, function bodies) are skipped; typedefs are not
# declarations of a symbol.  Plain awk (mawk or gawk).

BEGIN {
	np = split(prefixes, prefix, "|")
	nk = split("auto char const double enum extern float inline int long register " \
		   "restrict short signed static struct typedef union unsigned void volatile " \
		   "_Bool _Complex _Imaginary _Noreturn _Thread_local bool __restrict " \
		   "__restrict__ __const __volatile__ __signed__ __thread __inline __inline__", kw, " ")
	for (i = 1; i <= nk; i++)
		keyword[kw[i]] = 1
	reading = 0
	reset()
}

function reset() {
	ntok = 0
	bdepth = 0
	pdepth = 0
	fnbody = 0
	startline = 0
}

function wanted(path,    i) {
	for (i = 1; i <= np; i++)
		if (prefix[i] != "" && index(path, prefix[i]) == 1)
			return 1
	return 0
}

function is_ident(t) {
	return t ~ /^[A-Za-z_][A-Za-z0-9_]*$/
}

# Words that take a parenthesised argument but declare nothing.
function takes_group(t) {
	return t == "__attribute__" || t == "__attribute" || t == "__declspec" ||
	       t == "__asm__" || t == "__asm" || t == "asm" || t == "_Alignas" ||
	       t == "alignas" || t == "_Atomic" || t == "__typeof__" ||
	       t == "__typeof" || t == "typeof" || t == "_Static_assert" ||
	       t == "static_assert"
}

function emit(kind, name) {
	if (name != "")
		printf "%s %s %s:%d\n", kind, name, file, startline
}

# The declarator name in tok[from..to] (one declarator, attributes removed).
# Sets found_fn to 1 for a function.
function declarator_name(from, to,    i, name) {
	found_fn = 0
	# f(...) at depth 0
	for (i = from; i < to; i++)
		if (depth[i] == 0 && is_ident(tok[i]) && !(tok[i] in keyword) && tok[i + 1] == "(") {
			found_fn = 1
			return tok[i]
		}
	# (*f(...))(...): a function returning a function pointer;
	# (*f)(...): a pointer object
	for (i = from; i + 2 <= to; i++)
		if (tok[i] == "(" && tok[i + 1] == "*") {
			i += 2
			while (i <= to && (tok[i] == "const" || tok[i] == "volatile" || tok[i] == "restrict" || tok[i] == "*"))
				i++
			if (i <= to && is_ident(tok[i])) {
				found_fn = (tok[i + 1] == "(")
				return tok[i]
			}
		}
	# an object: the last identifier at depth 0 before [, = or the end that
	# is neither a keyword nor a struct, union or enum tag (a declaration
	# of a tag alone, "struct s { ... };", declares no object)
	name = ""
	for (i = from; i <= to; i++) {
		if (depth[i] == 0 && (tok[i] == "[" || tok[i] == "="))
			break
		if (depth[i] == 0 && is_ident(tok[i]) && !(tok[i] in keyword) &&
		    !(i > from && (tok[i - 1] == "struct" || tok[i - 1] == "union" || tok[i - 1] == "enum")))
			name = tok[i]
	}
	return name
}

# Drop attribute groups, then split at top-level commas and report.
function finish(definition,    i, j, d, n, is_typedef, is_static, from, name) {
	n = 0
	is_typedef = 0
	is_static = 0
	for (i = 1; i <= ntok; i++) {
		if (takes_group(raw[i]) && raw[i + 1] == "(") {
			d = 0
			for (j = i + 1; j <= ntok; j++) {
				if (raw[j] == "(") d++
				else if (raw[j] == ")" && --d == 0) break
			}
			i = j
			continue
		}
		if (raw[i] == "[" && raw[i + 1] == "[") {      # [[attribute]]
			d = 0
			for (j = i; j <= ntok; j++) {
				if (raw[j] == "[") d++
				else if (raw[j] == "]" && --d == 0) break
			}
			i = j
			continue
		}
		if (raw[i] == "__extension__" || raw[i] == "inline" || raw[i] == "__inline" ||
		    raw[i] == "__inline__")
			continue
		if (rawdepth[i] == 0 && raw[i] == "typedef") is_typedef = 1
		if (rawdepth[i] == 0 && raw[i] == "static") is_static = 1
		n++
		tok[n] = raw[i]
		depth[n] = rawdepth[i]
	}
	tok[n + 1] = ""
	if (is_typedef || n == 0) {
		reset()
		return
	}
	from = 1
	for (i = 1; i <= n + 1; i++) {
		if (i <= n && !(tok[i] == "," && depth[i] == 0))
			continue
		name = declarator_name(from, i - 1)
		if (definition)
			emit(is_static ? "static" : "defined", name)
		else if (is_static)
			emit("static", name)
		else if (found_fn)
			emit("function", name)
		else if (name != "")
			emit("variable", name)
		from = i + 1
	}
	reset()
}

function token(t) {
	if (bdepth > 0) {
		if (t == "{")
			bdepth++
		else if (t == "}" && --bdepth == 0 && fnbody)
			finish(1)
		return
	}
	if (t == "{" && pdepth == 0) {
		# A function body follows the parameter list's ')'; anything else
		# (struct, union, enum, initialiser) is a body inside a declaration.
		fnbody = (ntok > 0 && raw[ntok] == ")")
		bdepth = 1
		if (!fnbody) {
			ntok++
			raw[ntok] = "{}"
			rawdepth[ntok] = 0
		}
		return
	}
	if (t == ";" && pdepth == 0) {
		finish(0)
		return
	}
	if (ntok == 0)
		startline = line
	ntok++
	raw[ntok] = t
	if (t == "(") {
		rawdepth[ntok] = pdepth
		pdepth++
	} else if (t == ")") {
		pdepth--
		rawdepth[ntok] = pdepth
	} else {
		rawdepth[ntok] = pdepth
	}
}

# Line markers: # <line> "<file>" [flags]
/^#[ \t]*(line[ \t]+)?[0-9]+[ \t]+"/ {
	s = $0
	sub(/^#[ \t]*(line[ \t]+)?/, "", s)
	line = s + 0 - 1
	sub(/^[0-9]+[ \t]+"/, "", s)
	sub(/".*$/, "", s)
	file = s
	reading = wanted(file)
	next
}
/^[ \t]*#/ { line++; next }   # #pragma and the like
{
	line++
	if (!reading)
		next
	s = $0
	while (length(s) > 0) {
		if (match(s, /^[ \t\r\f\v]+/)) {
			s = substr(s, RLENGTH + 1)
		} else if (match(s, /^[A-Za-z_][A-Za-z0-9_]*/)) {
			token(substr(s, 1, RLENGTH))
			s = substr(s, RLENGTH + 1)
		} else if (substr(s, 1, 3) == "...") {
			token("...")
			s = substr(s, 4)
		} else if (match(s, /^\.?[0-9][A-Za-z0-9_.]*/)) {
			token("0")
			s = substr(s, RLENGTH + 1)
		} else if (match(s, /^"([^"\\]|\\.)*"/) || match(s, /^'([^'\\]|\\.)*'/)) {
			token("\"\"")
			s = substr(s, RLENGTH + 1)
		} else {
			token(substr(s, 1, 1))
			s = substr(s, 2)
		}
	}
}
