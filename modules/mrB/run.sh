#!/bin/sh
# text_transform: reads source.txt from its U2T upstream outputs folder and writes transformed.txt.
# The request's "upstream" object maps each dependency's module_id to its outputs folder.
set -eu

result() {
    printf '{"status":"%s","reason_slug":%s,"files":%s}\n' "$1" "$2" "$3" > "$PLATFORM_RESULT_FILE"
}
fail() {
    result FAILED "\"$1\"" "[]"
    exit 0
}

request=$(tr -d '\r\n' < "$PLATFORM_REQUEST_FILE")
string_field() {
    printf '%s' "$request" | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p"
}
# Only the upstream object is searched, so an input value equal to "U2T" cannot be mistaken for it.
upstream_dir() {
    printf '%s' "$request" \
        | sed -n 's/.*"upstream"[[:space:]]*:[[:space:]]*{\([^}]*\)}.*/\1/p' \
        | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p"
}

case_mode=$(string_field case)
source_dir=$(upstream_dir U2T)
source="$source_dir/source.txt"
[ -n "$source_dir" ] && [ -f "$source" ] || fail upstream_missing

out="$PLATFORM_OUTPUTS_DIR/transformed.txt"
case "$case_mode" in
    upper) tr '[:lower:]' '[:upper:]' < "$source" > "$out" ;;
    lower) tr '[:upper:]' '[:lower:]' < "$source" > "$out" ;;
    *) fail invalid_case ;;
esac
words=$(wc -w < "$source" | tr -d ' ')
printf '\nWords in the source text: %s\n' "$words" >> "$out"

result COMPLETED null '["transformed.txt"]'
