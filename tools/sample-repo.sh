#!/bin/bash
# Builds the bundled sample tree (tools/sample) into a throw-away git repo.
# usage: tools/sample-repo.sh DIR
set -eu
src=$(cd "$(dirname "$0")/sample" && pwd)
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
export GIT_AUTHOR_NAME=sample GIT_AUTHOR_EMAIL=sample@example.org
export GIT_COMMITTER_NAME=sample GIT_COMMITTER_EMAIL=sample@example.org
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
git init -q -b main "$dir"
cp -R "$src"/. "$dir"/
git -C "$dir" add -A
git -C "$dir" commit -q -m "sample: kernel-like tree for the workbench demo"
