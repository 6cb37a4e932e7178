#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress_policy.sh - kcong_policy.ko under namespace churn, concurrent
# writers, listen-queue pressure and unloading, all bounded.
#
# 1. Churn: CHURN namespaces (lib/stress.py netns, PARALLEL at a time), each
#    created with lo up, given the expensive knobs (flood guard on, auto
#    tw_reuse, tw_lifetime_ms 1000) and two TIME_WAIT sockets, and left to
#    die with them.  Every namespace must be made and every write accepted;
#    once the namespaces are gone the TIME_WAIT slab cache is back to where
#    it was (polled: namespace teardown is asynchronous).
# 2. Writers during a flood: in one namespace, WRITERS threads per knob write
#    good and bad values to every net.kcong.* knob for SECS seconds
#    (lib/stress.py params) while listen-queue pressure on lo keeps the
#    flood guard engaging and releasing (lib/stress.py overflow).
#    At the same time a spoofed SYN flood (hping3 at FLOOD_PPS, from before
#    the writers start until they stop, bounded by count and time) comes in
#    over a veth to a listener with a backlog of 8 whose SYN-ACKs go
#    nowhere.  The writers start once 8 requests are queued, so the knob
#    writes meet a full request queue (kept full by the flood, see below)
#    and later SYNs are dropped or answered with a cookie, whichever
#    syncookies says at that moment.  At least a quarter of SECS x
#    FLOOD_PPS SYNs must arrive while the knobs are written (divided by
#    KCONG_SLOW on the debug kernel, where hping3 itself sends several times
#    slower), and the listener's request queue
#    must still be full (8 SYN-RECV) when the writers stop: the kernel
#    prunes unanswered requests after 3 SYN-ACK timeouts (about 7 s) once
#    the queue is more than half full of old ones (reqsk_timer_handler), so
#    it stays full only while the flood refills it; on the debug kernel,
#    whose flood is slower, 8 / KCONG_SLOW.  (The namespace's TcpExt drop and cookie
#    counters are printed, not judged: the listen-queue pressure on lo
#    counts there too.)
#    Afterwards every knob holds a value some write set (or its old one) and,
#    once the guard has released, the kernel's sysctls are what the knobs
#    say: tcp_syncookies, tcp_max_syn_backlog, tcp_tw_reuse.
# 3. Unload while engaged: GUARDS namespaces, each with operator values
#    syncookies=0 syn_backlog=64 and the guard on at a threshold of one
#    event a second, are put under listen-queue pressure until every guard
#    has engaged; kcong_policy is unloaded with the pressure still on, and
#    every namespace must have its operator's values back.

. "$(dirname "$0")/lib/policy.sh"

kcong_require hping3 hping3

CHURN=${KCONG_STRESS_NETNS:-1000}
PARALLEL=4
GUARDS=${KCONG_STRESS_GUARDS:-50}
SECS=${KCONG_STRESS_SECS:-8}
WRITERS=2
NS_W=kc-pw-$KCONG_SUFFIX
NS_F=kc-pf-$KCONG_SUFFIX
FLOOD_PPS=1000
K=/proc/sys/net/kcong
# Good values inside, bad ones outside include/kcong_policy.h's ranges; not
# a number, negative, empty.  guard_quiet_ms stays short so that the guard
# can release within the test.
SPECS="$K/syncookies=0,1,2,3,-1,x
$K/syn_backlog=16,64,256,15,1048577,y
$K/flood_guard=0,1,2,-1
$K/guard_threshold=1,5,100,0,1000001,z
$K/guard_quiet_ms=1000,1500,999,3600001,q
$K/guard_syn_backlog=1024,4096,15,1048577
$K/tw_reuse=0,1,2,3,4,-1
$K/tw_reuse_auto_pct=1,75,100,0,101
$K/tw_lifetime_ms=1000,30000,60000,999,60001"

# Active objects of slab cache $1; slab_back CACHE N: at most N.
slab_active() {
	awk -v c="$1" '$1 == c { print $2; f = 1 } END { if (!f) print 0 }' /proc/slabinfo
}
slab_back() {
	[ "$(slab_active "$1")" -le "$2" ]
}

# rx_packets NS DEV
rx_packets() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"
}

ktap_print_header
ktap_set_plan 7

if ! kcong_load kcong_policy; then
	ktap_test_fail "kcong_policy loads"
	ktap_finished
fi

# --- 1. churn -------------------------------------------------------------------
tw0=$(slab_active tw_sock_TCP)
python3 "$KCONG_LIB_DIR/stress.py" netns --count "$CHURN" --parallel "$PARALLEL" --timewait 2 \
	--set net.kcong.flood_guard=1 --set net.kcong.tw_reuse=3 \
	--set net.kcong.tw_lifetime_ms=1000 > "$KCONG_TMP/churn.json"
read -r made errors failed secs <<< "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["made"], d["errors"], d["failed_writes"], d["seconds"])' "$KCONG_TMP/churn.json" 2>&1)"
ktap_print_msg "churn: $made namespaces in $secs s, $errors failed, $failed knob writes refused"
[ "$made" = "$CHURN" ] && [ "$errors" = 0 ] && [ "$failed" = 0 ]
ktap_check "$CHURN namespaces made and torn down with knobs set and TIME_WAIT sockets in each"
kcong_wait_for 60 slab_back tw_sock_TCP "$tw0"
ktap_check_rc $? "TIME_WAIT slab back to its start after the churn ($tw0 -> $(slab_active tw_sock_TCP))"

# --- 2. writers during a flood --------------------------------------------------
policy_ns "$NS_W" && policy_ns "$NS_F" &&
	policy_link "$NS_F" pf0 198.18.40.2 "$NS_W" pw0 198.18.40.1 &&
	ip -n "$NS_W" route add 198.18.41.0/24 via 198.18.40.2 ||
	{ ktap_print_msg "namespaces $NS_W, $NS_F not made"; ktap_finished; }
ip netns exec "$NS_W" timeout $(((SECS + 30) * KCONG_SLOW)) python3 "$POLICY_LOAD" server 5593 8 \
	$(((SECS + 20) * KCONG_SLOW)) &
spid=$!
t_srv=$(now_ms)
kcong_wait_for 10 sh -c "ip netns exec $NS_W ss -Hltn 'sport = :5593' | grep -q LISTEN"
syn0=$(tcpext "$NS_W" TCPReqQFullDrop TCPReqQFullDoCookies SyncookiesSent)
rx0=$(rx_packets "$NS_W" pw0)
ip netns exec "$NS_F" timeout $((SECS * KCONG_SLOW + 15)) hping3 -q -S -p 5593 -a 198.18.41.99 \
	-i u$((1000000 / FLOOD_PPS)) -c $((FLOOD_PPS * (SECS * KCONG_SLOW + 15))) 198.18.40.1 >/dev/null 2>&1 &
hpid=$!
syn_recv() {
	ip netns exec "$NS_W" ss -Htn state syn-recv '( sport = :5593 )' | wc -l
}
queue_full() {
	[ "$(syn_recv)" -ge 8 ]
}
kcong_wait_for 10 queue_full
reqs0=$(syn_recv)
rx1=$(rx_packets "$NS_W" pw0)
ip netns exec "$NS_W" python3 "$KCONG_LIB_DIR/stress.py" overflow 5591 --secs "$SECS" \
	> "$KCONG_TMP/overflow.json" &
fpid=$!
ip netns exec "$NS_W" python3 "$KCONG_LIB_DIR/stress.py" params --secs "$SECS" --writers "$WRITERS" \
	$SPECS > "$KCONG_TMP/params.json"
reqs=$(syn_recv)
rx2=$(rx_packets "$NS_W" pw0)
t_w=$(($(now_ms) - t_srv))
listening=$(ip netns exec "$NS_W" ss -Hltn 'sport = :5593' | grep -c LISTEN)
kill "$hpid" 2>/dev/null
wait "$fpid"
wait "$hpid"
syns=$((rx2 - rx1))
refused=$(($(tcpext "$NS_W" TCPReqQFullDrop TCPReqQFullDoCookies SyncookiesSent) - syn0))
ktap_print_msg "SYN flood: $syns packets reached the listener's namespace while the knobs were written" \
	"($((rx2 - rx0)) in all); $reqs0 requests queued when the writers started, $reqs when they" \
	"stopped, $t_w ms after the listener started (listening: $listening);" \
	"TcpExt drops and cookies (the lo pressure's too) rose by $refused"
[ "$syns" -ge $((FLOOD_PPS * SECS / 4 / KCONG_SLOW)) ] && [ "$reqs0" -ge 8 ] && [ "$reqs" -ge $((8 / KCONG_SLOW)) ]
ktap_check "a spoofed SYN flood filled the listener's request queue while the knobs were rewritten ($syns SYNs, $reqs0 and $reqs of 8 requests)"
res=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["writes_ok"], d["writes_refused"], len(d["stray"]),
      ",".join(b.rsplit("/", 1)[1] for b in d["stray"]) or "-")
' "$KCONG_TMP/params.json" 2>&1)
read -r wrote wrefused nbad which <<< "$res"
ktap_print_msg "$wrote knob writes accepted, $wrefused refused, in $SECS s; pressure: $(cat "$KCONG_TMP/overflow.json")"
[ -n "$nbad" ] && [ "$nbad" = 0 ] && [ "$wrote" -gt 0 ] && [ "$wrefused" -gt 0 ]
ktap_check "every knob holds a value a write set, or its old one (not: $which)"

# The kernel's values once the guard has let go (quiet_ms <= 1.5 s).
consistent() {
	local c b r m
	c=$(pol_get "$NS_W" syncookies) b=$(pol_get "$NS_W" syn_backlog) m=$(pol_get "$NS_W" tw_reuse)
	[ "$(ipv4_get "$NS_W" tcp_syncookies)" = "$c" ] || return 1
	[ "$(ipv4_get "$NS_W" tcp_max_syn_backlog)" = "$b" ] || return 1
	r=$(ipv4_get "$NS_W" tcp_tw_reuse)
	# auto (3) is the kernel's 2 (loopback) or 1 (global, engaged).
	[ "$r" = "$m" ] || { [ "$m" = 3 ] && { [ "$r" = 1 ] || [ "$r" = 2 ]; }; }
}
kcong_wait_for 10 consistent
ktap_check_rc $? "after the flood the kernel's sysctls follow the knobs (syncookies $(pol_get "$NS_W" syncookies)/$(ipv4_get "$NS_W" tcp_syncookies), syn_backlog $(pol_get "$NS_W" syn_backlog)/$(ipv4_get "$NS_W" tcp_max_syn_backlog), tw_reuse $(pol_get "$NS_W" tw_reuse)/$(ipv4_get "$NS_W" tcp_tw_reuse))"
kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null

# --- 3. unload while engaged ----------------------------------------------------
names=""
for i in $(seq "$GUARDS"); do
	policy_ns "kc-pg$i-$KCONG_SUFFIX" || break
	names="$names,kc-pg$i-$KCONG_SUFFIX"
done
python3 "$KCONG_LIB_DIR/stress.py" guards "${names#,}" --unload kcong_policy \
	--set net.kcong.syncookies=0 --set net.kcong.syn_backlog=64 \
	--set net.kcong.guard_threshold=1 --set net.kcong.flood_guard=1 \
	--expect net.ipv4.tcp_syncookies=0 --expect net.ipv4.tcp_max_syn_backlog=64 \
	> "$KCONG_TMP/guards.json"
read -r n engaged rc restored diffs <<< "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["namespaces"], d["engaged"], d["rmmod"], d["restored"], "; ".join(d["differences"]) or "-")' \
	"$KCONG_TMP/guards.json" 2>&1)"
ktap_print_msg "guards: $engaged of $n engaged, rmmod exit $rc, $restored restored ($diffs)"
[ "$n" = "$GUARDS" ] && [ "$engaged" = "$GUARDS" ]
ktap_check "the flood guard engaged in all $GUARDS namespaces under listen-queue pressure"
[ "$rc" = 0 ] && [ "$restored" = "$GUARDS" ]
ktap_check "rmmod kcong_policy with every guard engaged restores the operator's values in all $GUARDS"
ktap_finished
