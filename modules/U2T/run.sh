#!/bin/sh
# text_source: writes source.txt from the `topic` input (SPEC §4 execution contract).
# The request is JSON; with no JSON tool on a bare machine the fields are picked with sed.
# Only simple string values are expected: JSON escapes inside them are kept as written.
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

    topic=$(string_field topic)
    language=$(string_field language)
    [ -n "$topic" ] || fail topic_missing
    [ -n "$language" ] || language=en

    out="$outputs/source.txt"
    {
        printf 'Topic: %s\n' "$topic"
        printf 'Language: %s\n' "$language"
        printf '\n%s is the subject of this note. It was written by the text_source sample module\n' "$topic"
        printf 'so that downstream modules have something to transform and package.\n'
    } > "$out" || fail write_failed

    result COMPLETED null '["source.txt"]'
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
