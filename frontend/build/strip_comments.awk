# Leaves out the comment lines, blank lines and indentation of a JavaScript or CSS file that
# post_build.sh serves (the modules' wasm-bindgen glue, embed.js, the stylesheet): what is left
# is the same code, token for token, in fewer bytes. Comments and indentation are for people
# reading the source; every visitor downloaded them.
#
#   awk -f strip_comments.awk [-v css=1] FILE > OUT
#
# Whole lines only: a line that is a `//` comment (JavaScript), a block comment from `/*` at the
# start of a line to a `*/` at the end of a line, or blank; every other line keeps its text and
# its line break (so JavaScript's automatic semicolons fall where they did) and loses only its
# leading spaces and tabs. Where that could change the code, the script stops with status 2 and
# the build fails instead: a line that goes on after a comment's `*/`, a comment that does not
# end, an odd number of backticks on a line (a template literal spanning lines, whose
# indentation would be part of its text) or a line ending in a backslash (a string spanning
# lines).
function refuse(why) {
  printf "strip_comments.awk: %s, line %d: %s\n", FILENAME, FNR, why > "/dev/stderr"
  failed = 1
  exit 2
}
{
  line = $0
  if (in_block) {
    if (line ~ /\*\//) {
      if (line !~ /\*\/[ \t]*$/ || line ~ /\*\/.*\*\//) refuse("code after the end of a comment")
      in_block = 0
    }
    next
  }
  if (!css && line ~ /^[ \t]*\/\//) next
  if (line ~ /^[ \t]*\/\*/) {
    rest = line
    sub(/^[ \t]*\/\*/, "", rest)
    if (rest ~ /\*\//) {
      if (rest ~ /\*\/[ \t]*$/ && rest !~ /\*\/.*\*\//) next
      refuse("code after the end of a comment")
    }
    in_block = 1
    next
  }
  sub(/^[ \t]+/, "", line)
  if (line == "") next
  if (!css && gsub(/`/, "`", line) % 2 == 1) refuse("a template literal spanning lines")
  if (line ~ /\\$/) refuse("a string spanning lines")
  print line
}
END {
  if (failed) exit 2
  if (in_block) refuse("a comment that does not end")
}
