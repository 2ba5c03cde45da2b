# tools/doxygen-filter.awk - Doxygen's input filter for the public headers
# (docs/Doxyfile.in, FILTER_PATTERNS): turns the plain C comments that
# document declarations into Doxygen blocks, so the reference is generated
# from the headers as written.
#
#   awk -f tools/api-doc-scan.awk -f tools/doxygen-filter.awk <header>
#
# Which comment documents what is tools/api-doc-scan.awk's rule.  The
# output has exactly the input's lines (Doxygen's line numbers stay true),
# changed only as follows:
#
#   - the file comment opens with "/** @file", and the "vow/x.h - " before
#     its summary goes (Doxygen names the file itself);
#   - a doc block opens with "/**", and the "name - " or "name / name - "
#     before its summary goes, so the summary's first sentence is the brief
#     (JAVADOC_AUTOBRIEF);
#   - each later declaration of a run starts with "/** @copydoc <leader> */"
#     (with its own comment after it: @copydetails, which leaves it its own
#     brief), so every function of a group gets the group's text;
#   - a doc block above an anonymous enum that leads a run names the run's
#     first named type (@struct, @enum or @typedef), which it describes;
#   - comments after a declaration or a member, or directly above a member,
#     open with "/**<" or "/**";
#   - a line that starts with "Errors" (after the summary's line) starts a
#     new output line too (a <br> before it);
#   - in converted comments, outside `code spans`, the characters Doxygen
#     would read as commands or markup (\ @ % # &, a < that starts a tag,
#     underscores at either end of a word) are escaped: the comments are
#     plain text.
#
# Every other comment (section dividers, notes above several blocks)
# stays a plain comment, which Doxygen ignores.

# Escape Doxygen's command and markup characters in s, except inside
# backquoted spans; tick carries the span state across lines.
function escape(s,    out, i, j, c, nx, run) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		nx = substr(s, i + 1, 1)
		if (c == "_" && !tick) {
			# Underscores at either end of a word would be Markdown
			# emphasis (__extension__, _Thread_local); inside one
			# (vow_promise_then) they are plain.
			for (j = i; substr(s, j + 1, 1) == "_"; j++)
				;
			run = substr(s, i, j - i + 1)
			if (substr(s, i - 1, 1) !~ /[A-Za-z0-9]/ || substr(s, j + 1, 1) !~ /[A-Za-z0-9]/)
				gsub(/_/, "\\_", run)
			out = out run
			i = j
			continue
		}
		if (c == "`")
			tick = !tick
		else if (!tick && (c == "\\" || c == "@" ||
				   ((c == "%" || c == "#" || c == "&") && nx ~ /[A-Za-z_]/) ||
				   (c == "<" && nx ~ /[A-Za-z\/!?]/)))
			out = out "\\"
		out = out c
	}
	return out
}

# The text of comment k's lines, converted: opening "/*" replaced by open,
# summary prefix dropped (drop: a regular expression), escaped.
function convert(k, open, drop,    i, s, pre, body, post, from, to, done, brk) {
	tick = 0
	done = 0
	for (i = c_first[k]; i <= c_last[k]; i++) {
		s = out[i]
		from = (i == c_first[k]) ? c_col[k] + 2 : 1
		to = (i == c_last[k]) ? c_endcol[k] - 2 : length(s) + 1
		pre = substr(s, 1, from - 1)
		body = substr(s, from, to - from)
		post = substr(s, to)
		if (i == c_first[k])
			pre = substr(pre, 1, length(pre) - 2) open
		if (i > c_first[k] && match(body, /^[ \t]*\*/)) {
			pre = pre substr(body, 1, RLENGTH)
			body = substr(body, RLENGTH + 1)
		}
		# The summary's prefix is on the comment's first line with text.
		brk = ""
		if (!done && body ~ /[A-Za-z]/) {
			done = 1
			if (drop != "" && match(body, drop))
				body = " " substr(body, RSTART + RLENGTH)
		} else if (match(body, /^[ \t]*Errors[ :(,]/)) {
			# The Errors line starts an output line of its own.
			brk = substr(body, 1, RLENGTH - 7) "<br>"
			body = substr(body, RLENGTH - 6)
		}
		out[i] = pre brk escape(body) post
	}
}

# The structural command for a declaration another block documents.
function structural(m,    code) {
	code = i_code[m]
	if (code ~ /^typedef struct/ || code ~ /^struct/) return "@struct " i_name[m]
	if (code ~ /^typedef union/ || code ~ /^union/) return "@union " i_name[m]
	if (code ~ /^typedef enum/ || code ~ /^enum/) return "@enum " i_name[m]
	return "@typedef " i_name[m]
}

END {
	scan()
	for (i = 1; i <= nlines; i++)
		out[i] = line[i]
	NAME = "[A-Za-z_][A-Za-z0-9_]*(\\([A-Za-z0-9_, .]*\\))?"
	SUMMARY = "^[ \t]*" NAME "([ \t]*\\/[ \t]*" NAME ")*[ \t]+-[ \t]+"
	for (k = 1; k <= ncom; k++) {
		if (c_role[k] == "file")
			convert(k, "/** @file", "^[ \t]*[A-Za-z0-9_.\\/]+\\.h[ \t]+-[ \t]+")
		else if (c_role[k] == "doc") {
			m = c_doc_of[k]
			open = "/**"
			if (i_name[m] == "")
				for (n = m + 1; n <= nitem && i_leader[n] == m; n++)
					if (i_name[n] != "") {
						open = "/** " structural(n)
						named_leader[m] = n
						break
					}
			convert(k, open, SUMMARY)
		} else if (c_role[k] == "trail")
			convert(k, "/**<", "")
		else if (c_role[k] == "member")
			convert(k, "/**", "")
	}
	for (m = 1; m <= nitem; m++) {
		l = i_leader[m]
		if (l == m || i_name[m] == "" || i_doc[m] == 0)
			continue
		if (l in named_leader) {
			if (named_leader[l] == m)
				continue
			l = named_leader[l]
		}
		# struct vow_job { ... } after typedef struct vow_job vow_job is
		# the same type.
		if (i_name[l] == "" || i_name[m] == i_name[l] || i_first[m] == i_last[m - 1])
			continue
		out[i_first[m]] = "/** " (i_trail[m] ? "@copydetails " : "@copydoc ") i_name[l] " */ " out[i_first[m]]
	}
	for (i = 1; i <= nlines; i++)
		print out[i]
}
