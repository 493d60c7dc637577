#!/bin/sh
# text_transform: reads source.txt from its U2T upstream outputs folder and writes transformed.txt.
# The request's "upstream" object maps each dependency's module_id to its outputs folder.
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

    out="$outputs/transformed.txt"
    case "$case_mode" in
        upper) tr '[:lower:]' '[:upper:]' < "$source" > "$out" ;;
        lower) tr '[:upper:]' '[:lower:]' < "$source" > "$out" ;;
        *) fail invalid_case ;;
    esac
    words=$(wc -w < "$source" | tr -d ' ')
    printf '\nWords in the source text: %s\n' "$words" >> "$out"

    result COMPLETED null '["transformed.txt"]'
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
