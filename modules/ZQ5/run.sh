#!/bin/sh
# packager: copies each upstream outputs folder into <module_id>/ of a staging folder and archives
# it as <archive_name>.tar.gz, with contents.txt listing the archive.
set -eu

# $1 status, $2 reason slug (JSON literal), $3 files (JSON array): into the result file, or as a
# worker, one line on stdout.
result() {
    if [ -n "${worker:-}" ]; then
        printf '{"module_run_id":"%s","status":"%s","reason_slug":%s,"files":%s}\n' "$run" "$1" "$2" "$3"
    else
        printf '{"module_run_id":"%s","status":"%s","reason_slug":%s,"files":%s}\n' "$run" "$1" "$2" "$3" > "$PLATFORM_RESULT_FILE"
    fi
}
fail() {
    result FAILED "\"$1\"" "[]"
    exit 0
}

handle() {
    # Named in the answer: the platform can then tell it from a late answer to another run.
    run=$(printf '%s' "$request" | sed -n 's/.*"module_run_id"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
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

    archive="$outputs/$name.tar.gz"
    tar -czf "$archive" -C "$stage" . || fail archive_failed
    tar -tzf "$archive" | sort > "$outputs/contents.txt" || fail archive_failed

    result COMPLETED null "[\"$name.tar.gz\",\"contents.txt\"]"
}

# --worker (run.protocol: worker, docs/module-workers.md): one request per stdin line, each handled in
# a subshell so that `exit` ends the request, not the worker; a request that fails without an
# answer ends the worker (the platform then fails that run).
if [ "${1:-}" = --worker ]; then
    worker=1
    while IFS= read -r request; do
        outputs=$(printf '%s' "$request" | sed -n 's/.*"outputs_dir"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
        ( handle ) || exit 1
    done
else
    request=$(tr -d '\r\n' < "$PLATFORM_REQUEST_FILE")
    outputs=$PLATFORM_OUTPUTS_DIR
    handle
fi
