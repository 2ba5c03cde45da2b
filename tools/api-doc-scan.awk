# tools/api-doc-scan.awk - which comment documents which declaration in a
# public header.  A library of awk functions, loaded before the program
# that uses it (awk -f tools/api-doc-scan.awk -f <program>.awk header.h):
# tools/doxygen-filter.awk turns the comments it finds into Doxygen blocks,
# tools/api-docs-check checks them.  Both read one header per run and call
# scan() from their END block.  Plain awk (mawk or gawk).
#
# THE RULE, shared by the generated reference and the check:
#
#  - A DOC BLOCK is a comment that stands on lines of its own and whose
#    closing line is directly followed (no blank line) by a declaration at
#    file scope: a function, a typedef, a struct or enum, or a #define.
#  - It documents that declaration and every declaration that follows it
#    without a blank line, a comment line or another directive in between
#    (a RUN: vow_resolver_resolve and vow_resolver_reject share one comment).
#    The run's first declaration is its LEADER.
#  - A comment on the same line as a declaration, after its code (the last
#    line of a declaration), documents that declaration too.
#  - A comment followed by a blank line documents nothing: section
#    dividers, notes that introduce several blocks.
#  - Inside a struct or enum body the same holds for members (a comment
#    directly above a member, or after it on its line), without runs.
#  - The first comment of the header, above the include guard, is its file
#    comment.  Its paragraphs whose first word is THREADS, OWNERSHIP,
#    REFERENCES or ERRORS, in capitals ("THREADS.  Every function here
#    ...", "OWNERSHIP RULE (...)"), are SECTIONS; tools/api-docs-check
#    reads them as defaults for every function of the header.
#  - Regions between "#ifdef __cplusplus" and its "#endif" are skipped
#    (the extern "C" braces are not a scope).
#
# What scan() leaves, for lines 1..nlines (text in line[]):
#   ncom comments k: c_first[k], c_last[k] (lines), c_col[k] (column of
#     "/*" on c_first), c_endcol[k] (column after "*/" on c_last),
#     c_alone[k] (nothing else on its lines), c_depth[k] (brace depth),
#     c_text[k] (the text, without the delimiters and leading " * "),
#     c_role[k]: "file", "doc" (a doc block: c_doc_of[k] is the item it
#     sits above), "trail" (after the code of a declaration or member),
#     "member" (above a member), or "none".
#   nitem items m (file-scope declarations and directives, in order):
#     i_first[m], i_last[m], i_kind[m] ("function", "typedef", "tag",
#     "object", "define", "directive"), i_name[m] (may be ""),
#     i_code[m] (code text, comments removed, one line),
#     i_doc[m] (the doc block above it or above its run's leader, else 0),
#     i_trail[m] (the comment after its last line, else 0),
#     i_leader[m] (the leader of its run, itself if none).
#   sec_text[s] for s in "THREADS", "OWNERSHIP", "ERRORS" ("" if absent;
#     REFERENCES. counts as OWNERSHIP).

{ line[++nlines] = $0 }

# The declared name of a file-scope declaration's code, and its kind.
function classify(m, code,    s, t, n, i, tok, depth, last_ident) {
	if (code ~ /^#[ \t]*define[ \t]/) {
		s = code
		sub(/^#[ \t]*define[ \t]+/, "", s)
		match(s, /^[A-Za-z_][A-Za-z0-9_]*/)
		i_kind[m] = "define"
		i_name[m] = substr(s, 1, RLENGTH)
		return
	}
	if (code ~ /^#/) {
		i_kind[m] = "directive"
		i_name[m] = ""
		return
	}
	# Attributes declare nothing: drop __attribute__((...)) groups.
	s = code
	while (match(s, /__attribute__[ \t]*\(\(/)) {
		t = substr(s, RSTART + RLENGTH)
		depth = 2
		for (i = 1; i <= length(t) && depth > 0; i++) {
			if (substr(t, i, 1) == "(") depth++
			else if (substr(t, i, 1) == ")") depth--
		}
		s = substr(s, 1, RSTART - 1) substr(t, i)
	}
	# Tokens with their brace/paren depth.
	n = 0
	depth = 0
	while (length(s) > 0) {
		if (match(s, /^[ \t]+/)) { s = substr(s, RLENGTH + 1); continue }
		if (match(s, /^[A-Za-z_][A-Za-z0-9_]*/)) t = substr(s, 1, RLENGTH)
		else { t = substr(s, 1, 1); RLENGTH = 1 }
		s = substr(s, RLENGTH + 1)
		if (t == ")" || t == "}") depth--
		tok[++n] = t
		tdepth[n] = depth
		if (t == "(" || t == "{") depth++
	}
	if (tok[1] == "typedef") {
		i_kind[m] = "typedef"
		# typedef R (*name)(...);  or  typedef ... name;
		for (i = 1; i + 2 <= n; i++)
			if (tdepth[i] == 0 && tok[i] == "(" && tok[i + 1] == "*" && tok[i + 2] ~ /^[A-Za-z_]/) {
				i_name[m] = tok[i + 2]
				return
			}
		last_ident = ""
		for (i = 1; i <= n; i++)
			if (tdepth[i] == 0 && tok[i] ~ /^[A-Za-z_]/)
				last_ident = tok[i]
		i_name[m] = last_ident
		return
	}
	# A function: the first identifier at depth 0 followed by "(".
	for (i = 1; i < n; i++)
		if (tdepth[i] == 0 && tok[i] ~ /^[A-Za-z_]/ && tok[i + 1] == "(") {
			i_kind[m] = "function"
			i_name[m] = tok[i]
			return
		}
	# struct/union/enum tag { ... };  or  enum { ... };
	if (tok[1] == "struct" || tok[1] == "union" || tok[1] == "enum") {
		i_kind[m] = "tag"
		i_name[m] = (tok[2] ~ /^[A-Za-z_]/) ? tok[2] : ""
		return
	}
	i_kind[m] = "object"
	last_ident = ""
	for (i = 1; i <= n; i++)
		if (tdepth[i] == 0 && tok[i] ~ /^[A-Za-z_]/ && tok[i] != "extern" && tok[i] != "const")
			last_ident = tok[i]
	i_name[m] = last_ident
}

# A comment's text: delimiters, the leading " * " of each line and the
# blank first and last lines dropped; lines joined with "\n".
function comment_text(k,    i, s, out, from, to) {
	out = ""
	for (i = c_first[k]; i <= c_last[k]; i++) {
		s = line[i]
		from = (i == c_first[k]) ? c_col[k] + 2 : 1
		to = (i == c_last[k]) ? c_endcol[k] - 2 : length(s) + 1
		s = substr(s, from, to - from)
		if (i > c_first[k])
			sub(/^[ \t]*\*?[ \t]?/, "", s)
		else
			sub(/^[ \t]?/, "", s)
		sub(/[ \t]+$/, "", s)
		if ((i == c_first[k] || i == c_last[k]) && s == "" && c_first[k] != c_last[k])
			continue
		out = (out == "") ? s : out "\n" s
	}
	return out
}

function scan(    i, j, c, s, depth, pdepth, incom, instr, k, m, open_item, lastsig,
		  bodies, skipping, ifdepth, dirline, cont, dir_item, p, para, w) {
	ncom = 0
	nitem = 0
	depth = 0       # braces: struct, enum and function bodies
	pdepth = 0      # parentheses
	incom = 0       # inside a comment
	instr = ""      # inside a string or character literal: its quote
	open_item = 0   # the file-scope declaration being read, or 0
	skipping = 0    # inside #ifdef __cplusplus ... #endif
	ifdepth = 0
	cont = 0        # the directive's previous line ended with a backslash
	dir_item = 0    # the directive being read
	lastsig = ""    # the last code character (is a body a function's?)
	bodies = 0      # open bodies; fn_body[1..bodies]: a function's?
	for (i = 1; i <= nlines; i++) {
		s = line[i]
		has_code[i] = 0
		line_depth[i] = depth
		line_in_fn[i] = (bodies > 0 && fn_body[bodies])
		# A directive inside a body or a declaration (error.h's enum
		# defines its X-macro there) is part of that declaration.
		dirline = !incom && depth == 0 && open_item == 0 && (cont || s ~ /^[ \t]*#/)
		if (dirline && !cont && s ~ /^[ \t]*#[ \t]*if(def)?[ \t]+(defined[ \t]*\(?[ \t]*)?__cplusplus/)
			skipping = 1
		if (skipping) {
			if (s ~ /^[ \t]*#[ \t]*if/) ifdepth++
			if (s ~ /^[ \t]*#[ \t]*endif/ && --ifdepth == 0) skipping = 0
			continue
		}
		if (dirline && !cont) {
			dir_item = ++nitem
			i_first[nitem] = i
			i_code[nitem] = ""
		}
		for (j = 1; j <= length(s); j++) {
			c = substr(s, j, 1)
			if (incom) {
				if (substr(s, j, 2) == "*/") {
					incom = 0
					c_last[ncom] = i
					c_endcol[ncom] = j + 2
					j++
				}
				continue
			}
			if (instr == "" && substr(s, j, 2) == "/*") {
				ncom++
				c_first[ncom] = i
				c_col[ncom] = j
				c_depth[ncom] = depth
				c_code_before[ncom] = has_code[i]
				c_in_directive[ncom] = dirline
				incom = 1
				j++
				continue
			}
			if (instr == "" && substr(s, j, 2) == "//")
				break
			if (c !~ /[ \t]/)
				has_code[i] = 1
			if (dirline) {
				i_code[dir_item] = i_code[dir_item] c
				continue
			}
			if (c !~ /[ \t]/ && depth == 0 && open_item == 0) {
				open_item = ++nitem
				i_first[nitem] = i
				i_code[nitem] = ""
			}
			if (open_item)
				i_code[open_item] = i_code[open_item] c
			if (instr != "") {
				if (c == "\\") {
					j++
					if (open_item) i_code[open_item] = i_code[open_item] substr(s, j, 1)
				} else if (c == instr)
					instr = ""
				continue
			}
			if (c == "\"" || c == "'")
				instr = c
			else if (c == "(")
				pdepth++
			else if (c == ")")
				pdepth--
			else if (c == "{" && pdepth == 0) {
				fn_body[++bodies] = (lastsig == ")")
				depth++
			} else if (c == "}" && pdepth == 0) {
				depth--
				if (depth == 0 && fn_body[bodies] && open_item) {
					i_last[open_item] = i
					open_item = 0
				}
				bodies--
			} else if (c == ";" && pdepth == 0 && depth == 0 && open_item) {
				i_last[open_item] = i
				open_item = 0
			}
			if (c !~ /[ \t]/)
				lastsig = c
		}
		if (dirline) {
			i_last[dir_item] = i
			cont = (s ~ /\\[ \t]*$/)
			sub(/\\[ \t]*$/, "", i_code[dir_item])
			i_code[dir_item] = i_code[dir_item] " "
		} else if (open_item)
			i_code[open_item] = i_code[open_item] " "
	}
	for (m = 1; m <= nitem; m++) {
		s = i_code[m]
		gsub(/[ \t]+/, " ", s)
		sub(/^ /, "", s)
		sub(/ $/, "", s)
		i_code[m] = s
		classify(m, s)
		i_doc[m] = 0
		i_trail[m] = 0
		i_leader[m] = m
		item_at_first[i_first[m]] = m
		item_at_last[i_last[m]] = m
	}
	# Runs: a declaration that starts on the line after the previous one
	# ends (or on that line) continues its run; directives other than
	# #define end runs.
	for (m = 2; m <= nitem; m++)
		if (i_kind[m] != "directive" && i_kind[m - 1] != "directive" &&
		    i_first[m] <= i_last[m - 1] + 1)
			i_leader[m] = i_leader[m - 1]
	for (k = 1; k <= ncom; k++) {
		c_text[k] = comment_text(k)
		c_code_after[k] = (substr(line[c_last[k]], c_endcol[k]) ~ /[^ \t]/)
		c_alone[k] = !c_code_before[k] && !c_code_after[k]
		c_role[k] = "none"
		p = c_last[k] + 1
		if (k == 1 && c_alone[k] && c_depth[k] == 0) {
			c_role[k] = "file"
		} else if (c_in_directive[k]) {
			# #endif /* GUARD */ and the like
		} else if (c_alone[k] && c_depth[k] == 0) {
			if ((p in item_at_first) && i_kind[item_at_first[p]] != "directive") {
				c_role[k] = "doc"
				c_doc_of[k] = item_at_first[p]
			}
		} else if (c_alone[k]) {
			if (p <= nlines && has_code[p] && !line_in_fn[p] && line_depth[p] > 0)
				c_role[k] = "member"
		} else if (c_code_before[k] && !c_code_after[k]) {
			if (c_depth[k] == 0 && (c_first[k] in item_at_last) &&
			    i_kind[item_at_last[c_first[k]]] != "directive") {
				c_role[k] = "trail"
				i_trail[item_at_last[c_first[k]]] = k
			} else if (c_depth[k] > 0 && !line_in_fn[c_first[k]])
				c_role[k] = "trail"
		}
	}
	for (k = 1; k <= ncom; k++)
		if (c_role[k] == "doc")
			for (m = c_doc_of[k]; m <= nitem && i_leader[m] == c_doc_of[k]; m++)
				i_doc[m] = k
	# Sections of the file comment.
	sec_text["THREADS"] = ""
	sec_text["OWNERSHIP"] = ""
	sec_text["ERRORS"] = ""
	if (ncom >= 1 && c_role[1] == "file") {
		s = c_text[1] "\n"
		para = ""
		while ((p = index(s, "\n")) > 0) {
			w = substr(s, 1, p - 1)
			s = substr(s, p + 1)
			if (w ~ /^[ \t]*$/) {
				add_section(para)
				para = ""
			} else
				para = (para == "") ? w : para "\n" w
		}
		add_section(para)
	}
}

function add_section(para,    name) {
	if (!match(para, /^[A-Z]+[^A-Za-z]/))
		return
	name = substr(para, 1, RLENGTH - 1)
	if (name == "REFERENCES") name = "OWNERSHIP"
	if (name in sec_text)
		sec_text[name] = sec_text[name] (sec_text[name] == "" ? "" : "\n") para
}
