#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy_privilege.sh - who may write which net.kcong knob.
#
#   +----------------------------------+      +------------------+
#   | U: a user + network namespace    |      | R kc-rr-SUFX     |
#   | made by uid 65534 (nobody), as   |      | made by root     |
#   | "unshare -Urn" makes them; its   |      | (ip netns add)   |
#   | root has CAP_NET_ADMIN over U    |      +------------------+
#   | only, none in the initial userns |
#   +----------------------------------+
#
# The rule (include/kcong_policy.h, Documentation/policy.md): a
# namespace's own root may set every knob but a TIME_WAIT lifetime below
# the kernel's 60 s, which needs CAP_NET_ADMIN in the initial user
# namespace, or the host's module parameter unprivileged_tw_lifetime=1
# (off by default, checked at each write).  Writes are first subject to the
# kernel's own sysctl permissions: only the namespace's root may write.

. "$(dirname "$0")/lib/policy.sh"

kcong_require setpriv util-linux
kcong_require nsenter util-linux

NS_R=kc-rr-$KCONG_SUFFIX
NOBODY=65534
NS_TOOL="$KCONG_LIB_DIR/policy_ns.py"
PARAM=/sys/module/kcong_policy/parameters/unprivileged_tw_lifetime
# One write each of every knob that U's root may make.
NSROOT_OK="syncookies=2 syn_backlog=256 flood_guard=1 guard_threshold=50 guard_quiet_ms=2000
guard_syn_backlog=2048 tw_reuse=3 tw_reuse_auto_pct=50 tw_lifetime_ms=60000"

ktap_print_header
ktap_set_plan 6

if ! kcong_load kcong_policy; then
	ktap_test_fail "kcong_policy loads"
	ktap_finished
fi
policy_ns "$NS_R" || { ktap_test_fail "namespace"; ktap_finished; }

# as_nobody CMD...: run CMD as uid/gid 65534 with no groups.
as_nobody() {
	setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$@"
}

# 1: U's root may set every other knob; the short lifetime is refused.
# shellcheck disable=SC2086
as_nobody unshare -Urn python3 "$NS_TOOL" set $NSROOT_OK tw_lifetime_ms=1000 > "$KCONG_TMP/u1" 2>&1
sed 's/^/# U: /' "$KCONG_TMP/u1"
nok=$(awk '$2 == "ok"' "$KCONG_TMP/u1" | wc -l)
[ "$nok" -eq 9 ] && grep -qx "tw_lifetime_ms=1000 EPERM now=60000" "$KCONG_TMP/u1"
ktap_check "U's root: 9 writes of 9 knobs accepted; tw_lifetime_ms=1000 refused with EPERM, 60000 kept"

# 2: without a namespace of its own, nobody writes nothing (0644, root's).
out=""
for f in flood_guard tw_lifetime_ms; do
	out="$out $(as_nobody python3 "$NS_TOOL" write /proc/sys/net/kcong/$f 1 2>&1 | tail -1)"
	out="$out $(ip netns exec "$NS_R" setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups \
		python3 "$NS_TOOL" write /proc/sys/net/kcong/$f 1 2>&1 | tail -1)"
done
echo "# nobody in the initial namespace and in R:$out"
[ "$(echo $out | tr ' ' '\n' | grep -c '^EACCES$')" -eq 4 ] &&
	[ "$(pol_get "$NS_R" flood_guard)" = 0 ] && [ "$(cat /proc/sys/net/kcong/flood_guard)" = 0 ]
ktap_check "nobody without a user namespace of its own cannot write (EACCES), in the initial namespace or R"

# 3: root of the initial namespace may set a short lifetime in U.
as_nobody python3 "$NS_TOOL" hold 1 120 --userns flood_guard=1 tw_lifetime_ms=1000 > "$KCONG_TMP/held" &
holder=$!
kcong_on_cleanup "kill $holder 2>/dev/null"
kcong_wait_for 20 grep -q '^ready\|^fail' "$KCONG_TMP/held"
read -r _ hpid hfd _ <<< "$(grep '^ready' "$KCONG_TMP/held")"
root_w=$(nsenter --net=/proc/$hpid/fd/$hfd python3 "$NS_TOOL" write /proc/sys/net/kcong/tw_lifetime_ms 1000)
root_v=$(nsenter --net=/proc/$hpid/fd/$hfd cat /proc/sys/net/kcong/tw_lifetime_ms)
grep -q "^tw_lifetime_ms=1000 EPERM=1$" "$KCONG_TMP/held" && [ "$root_w" = ok ] && [ "$root_v" = 1000 ]
ktap_check "the initial namespace's root sets tw_lifetime_ms=1000 in U ($root_w, reads $root_v); U's own root could not"
kill "$holder"; wait "$holder" 2>/dev/null

# 4: the host switch lets U's root shorten it; off again, later writes are
# refused and what was set stays.  U waits for the switch in a directory
# nobody can read.
flags=$(mktemp -d /tmp/kcong-flags.XXXXXX)
chmod 755 "$flags"
kcong_on_cleanup "rm -rf $flags; echo 0 > $PARAM 2>/dev/null"
echo 1 > "$PARAM"
# shellcheck disable=SC2016
as_nobody unshare -Urn sh -c '
	echo "first $(python3 "$1" write /proc/sys/net/kcong/tw_lifetime_ms 2000)"
	i=0; while [ ! -e "$2/off" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	echo "second $(python3 "$1" write /proc/sys/net/kcong/tw_lifetime_ms 3000)"
	echo "value $(cat /proc/sys/net/kcong/tw_lifetime_ms)"
' sh "$NS_TOOL" "$flags" > "$KCONG_TMP/u4" &
u4=$!
kcong_wait_for 20 grep -q '^first' "$KCONG_TMP/u4"
echo 0 > "$PARAM"
touch "$flags/off"
wait "$u4"
sed 's/^/# U, switch on then off: /' "$KCONG_TMP/u4"
grep -qx "first ok" "$KCONG_TMP/u4" && grep -qx "second EPERM" "$KCONG_TMP/u4" &&
	grep -qx "value 2000" "$KCONG_TMP/u4"
ktap_check "unprivileged_tw_lifetime=1 lets U's root set 2000; back at 0, 3000 is refused and 2000 stays"

# 5: the switch is the host's: neither nobody nor U's root may turn it on.
p1=$(as_nobody python3 "$NS_TOOL" write "$PARAM" 1 2>&1 | tail -1)
p2=$(as_nobody unshare -Urn python3 "$NS_TOOL" write "$PARAM" 1 2>&1 | tail -1)
echo "# writing $PARAM: nobody $p1, U's root $p2"
[ "$(cat "$PARAM")" = N ] && [ "$p1" != ok ] && [ "$p2" != ok ]
ktap_check "the module parameter is not writable by nobody ($p1) or by U's root ($p2)"

# 6: R, made by root, is written by root as before.
pol_set "$NS_R" tw_lifetime_ms 1000 && [ "$(pol_get "$NS_R" tw_lifetime_ms)" = 1000 ] &&
	pol_set "$NS_R" tw_lifetime_ms 60000
ktap_check "root sets and resets tw_lifetime_ms in R"

ktap_finished
