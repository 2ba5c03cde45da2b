# tools/api-docs-check.awk - the per-function part of tools/api-docs-check
# (the rule is written out there).  Loaded after tools/api-doc-scan.awk;
# reads one header.
#
#   -v file=<name to print>   -v list=1: print the functions found, one
#   "<name> <file>:<line>" a line, instead of checking them.
#
# Prints one line per missing statement, "<file>:<line>: <function>: no
# <what> (<hint>)", and exits 1 if there was any.

function lc(s) {
	return tolower(s)
}

# (a) who may call it
function says_threads(t) {
	t = lc(t)
	return t ~ /any thread/ || t ~ /calling thread only/ || t ~ /owner[ -]only/ ||
	       t ~ /'s owner/ || t ~ /thread of / || t ~ /not a worker/ ||
	       t ~ /one thread at a time/ || t ~ /inside an async function/ ||
	       t ~ /inside a generator/
}

# (b) who owns each pointer or value afterwards
function says_ownership(t) {
	t = lc(t)
	return t ~ /borrow/ || t ~ /moved|moves/ || t ~ /new reference/ || t ~ /owned/ ||
	       t ~ /release it|free it/ || t ~ /another reference|one reference/ ||
	       t ~ /copies|copied/ || t ~ /static string/
}

# Only a declaration that passes a pointer or a value has an owner to name.
function carries_pointer(code) {
	return code ~ /\*|vow_value|vow_outcome|_fn[^A-Za-z0-9_]/
}

# (c) what a failure or a bad argument gives
function says_errors(t,    n, i, sentence) {
	if (t ~ /Errors[ :(,]/ || lc(t) ~ /cannot fail|can't fail|never fails/ ||
	    t ~ /no-op|for NULL|NULL gives|NULL: /)
		return 1
	n = split(t, sentence, /[.] /)
	for (i = 1; i <= n; i++)
		if (sentence[i] ~ /^[ ]*Returns / && sentence[i] ~ /VOW_E[A-Z]/)
			return 1
	return 0
}

END {
	scan()
	bad = 0
	for (m = 1; m <= nitem; m++) {
		if (i_kind[m] != "function")
			continue
		if (list) {
			print i_name[m], file ":" i_first[m]
			continue
		}
		own = ""
		if (i_doc[m]) own = c_text[i_doc[m]]
		if (i_trail[m]) own = own "\n" c_text[i_trail[m]]
		gsub(/[ \t\n]+/, " ", own)   # phrases may wrap
		where = file ":" i_first[m] ": " i_name[m] ": "
		if (own == "") {
			print where "no comment documents it (none directly above it or above its run, none after it)"
			bad++
			continue
		}
		if (!says_threads(own) && sec_text["THREADS"] == "") {
			print where "no THREADS line (who may call it: \"Any thread\", \"Calling thread only\", \"Owner only\", \"from a thread of ex\"...)"
			bad++
		}
		if (carries_pointer(i_code[m]) && !says_ownership(own) && sec_text["OWNERSHIP"] == "") {
			print where "no OWNERSHIP line (\"borrowed\", \"moved\", \"new reference\", \"owned\", \"(release it)\"...)"
			bad++
		}
		if (!says_errors(own) && sec_text["ERRORS"] == "") {
			print where "no ERRORS line (\"Errors: ...\", \"Cannot fail\", \"NULL is a no-op\", \"NULL gives ...\", \"Returns 0 or VOW_E...\")"
			bad++
		}
	}
	exit bad > 0
}
