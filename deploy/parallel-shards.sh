#!/bin/sh
# parallel-shards.sh: a campaign in N shards with GNU parallel, on this machine or over ssh, then the merge.
#
# usage: deploy/parallel-shards.sh N CONTENT.md OUT.pdf [build options: --db URL, --volume …]
#
#   SSHLOGINS  GNU parallel's --sshlogin list: "host1,host2" or "2/host1,2/host2"
#              (default ":", this machine)
#   JOBS       shards at a time per host (default: N)
#   TAYORI     the tayori command on the hosts (default: tayori)
#
# Each host needs tayori (make deps; make build; cmake --install build, or the
# Docker image of deploy/Dockerfile) and the working directory with the content,
# layouts and fonts at the same path, on a shared filesystem (NFS) that also
# receives the PDFs. The joblog OUT.shards.log remembers which shards failed:
# run the same command again and only they run again (--resume-failed).
set -eu
[ $# -ge 3 ] || { sed -n '4,15p' "$0" >&2; exit 2; }
n=$1 content=$2 out=$3
shift 3
: "${TAYORI:=tayori}"
stem=${out%.pdf}
status=0
seq 1 "$n" | parallel --will-cite --halt never --sshlogin "${SSHLOGINS:-:}" --jobs "${JOBS:-$n}" \
    --workdir "$PWD" --joblog "$stem.shards.log" --resume-failed -q \
    $TAYORI build "$content" -o "$out" "$@" --shard "{}/$n" || status=$?
if [ "$status" != 0 ]; then
    echo "parallel-shards: $status shard(s) failed: run this again to re-run them" >&2
    exit 1
fi
i=1 parts=""
while [ "$i" -le "$n" ]; do
    parts="$parts $stem.shard-$i-of-$n.manifest.csv"
    i=$((i + 1))
done
# shellcheck disable=SC2086
exec $TAYORI manifest merge $parts
