#!/bin/sh
# packager: copies each upstream outputs folder into <module_id>/ of a staging folder and archives
# it as <archive_name>.tar.gz, with contents.txt listing the archive.
set -eu

result() {
    printf '{"status":"%s","reason_slug":%s,"files":%s}\n' "$1" "$2" "$3" > "$PLATFORM_RESULT_FILE"
}
fail() {
    result FAILED "\"$1\"" "[]"
    exit 0
}

request=$(tr -d '\r\n' < "$PLATFORM_REQUEST_FILE")
name=$(printf '%s' "$request" | sed -n 's/.*"archive_name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
[ -n "$name" ] || name=bundle
case "$name" in
    *[!A-Za-z0-9_-]*) fail archive_failed ;;
esac

# One "ID":"path" pair per line; module IDs are Base62 and platform paths hold no quote.
pairs=$(printf '%s' "$request" \
    | sed -n 's/.*"upstream"[[:space:]]*:[[:space:]]*{\([^}]*\)}.*/\1/p' \
    | sed 's/"[[:space:]]*,[[:space:]]*"/"\
"/g')
[ -n "$pairs" ] || fail nothing_to_package

stage=$(mktemp -d "${TMPDIR:-/tmp}/packager.XXXXXX")
trap 'rm -rf "$stage"' EXIT
found=0
while IFS= read -r pair; do
    id=$(printf '%s' "$pair" | sed -n 's/^[[:space:]]*"\([0-9A-Za-z]*\)".*/\1/p')
    dir=$(printf '%s' "$pair" | sed -n 's/.*:[[:space:]]*"\([^"]*\)"[[:space:]]*$/\1/p')
    if [ -n "$id" ] && [ -d "$dir" ]; then
        mkdir -p "$stage/$id"
        cp -R "$dir/." "$stage/$id/"
        found=1
    fi
done <<PAIRS
$pairs
PAIRS
[ "$found" = 1 ] || fail nothing_to_package

archive="$PLATFORM_OUTPUTS_DIR/$name.tar.gz"
tar -czf "$archive" -C "$stage" . || fail archive_failed
tar -tzf "$archive" | sort > "$PLATFORM_OUTPUTS_DIR/contents.txt" || fail archive_failed

result COMPLETED null "[\"$name.tar.gz\",\"contents.txt\"]"
