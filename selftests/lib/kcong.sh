#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kcong.sh - what kcong's selftests share: module handling, the
# sender - router - receiver topology, and iperf3 transfers.
#
#   +-----------+          +---------------------------+          +-----------+
#   |  sender   |          |          router           |          | receiver  |
#   |   $NS_SND |          |          $NS_RTR          |          |   $NS_RCV |
#   |      snd0 +----------+ rtr0                 rtr1 +----------+ rcv0      |
#   | 198.18.1.1|          | 198.18.1.2      198.18.2.1|          |198.18.2.2 |
#   +-----------+          +-------------------^-------+          +-----------+
#                             netem on rtr1 egress: the whole RTT as delay,
#                             random loss, rate bottleneck, limit = BDP x (1 + buffer)
#
# Addresses are from 198.18.0.0/15 (RFC 2544, benchmarking) and exist only
# inside these namespaces.  Source this file; it sources ktap.sh.

KCONG_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KCONG_TOP=$(cd "$KCONG_LIB_DIR/../.." && pwd)
# shellcheck source=ktap.sh
. "$KCONG_LIB_DIR/ktap.sh"

KCONG_SUFFIX=$(printf "%04x%04x" $RANDOM $RANDOM)
NS_SND=kc-snd-$KCONG_SUFFIX
NS_RTR=kc-rtr-$KCONG_SUFFIX
NS_RCV=kc-rcv-$KCONG_SUFFIX
SND_IP=198.18.1.1
RCV_IP=198.18.2.2
KCONG_MTU=1500
KCONG_TMP=$(mktemp -d /tmp/kcong-test.XXXXXX)
KCONG_LOADED=""
KCONG_CLEANUP_HOOKS=""
# The factor by which assertions that depend on the machine's speed (a
# share of a path's capacity, events per second, a latency, and every
# kcong_wait_for limit) are relaxed: 1 on Debian's kernels, 4 on the debug
# kernel (make check-debug), whose KASAN, lockdep and kmemleak make every
# packet several times dearer.  A whole number.
KCONG_SLOW=${KCONG_SLOW:-1}

# --- cleanup ---------------------------------------------------------------

kcong_on_cleanup() {
	KCONG_CLEANUP_HOOKS="$1;$KCONG_CLEANUP_HOOKS"
}

# No process left in namespace $1.
kcong_netns_idle() {
	[ -z "$(ip netns pids "$1" 2>/dev/null)" ]
}

kcong_cleanup() {
	local m

	set +e
	eval "$KCONG_CLEANUP_HOOKS"
	for ns in "$NS_SND" "$NS_RTR" "$NS_RCV" ${KCONG_EXTRA_NS:-}; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	for ns in "$NS_SND" "$NS_RTR" "$NS_RCV" ${KCONG_EXTRA_NS:-}; do
		kcong_wait_for 3 kcong_netns_idle "$ns"
		# Orphans (closed with data unsent, FIN_WAIT) would keep the
		# namespace, and the sockets in it, for minutes of retries:
		# abort them (SOCK_DESTROY), so that what run_all.sh finds left
		# at the end is a leak and not a socket still alive.
		ip netns exec "$ns" ss -K -t -a >/dev/null 2>&1
		ip netns del "$ns" 2>/dev/null
	done
	for m in $KCONG_LOADED; do
		kcong_rmmod_wait "$m" 5 >/dev/null 2>&1
	done
	# KCONG_KEEP=DIR keeps each file's transfers and traces for a look.
	if [ -n "${KCONG_KEEP:-}" ]; then
		mkdir -p "$KCONG_KEEP/$(basename "$0" .sh)" &&
			cp -r "$KCONG_TMP"/. "$KCONG_KEEP/$(basename "$0" .sh)/"
	fi
	rm -rf "$KCONG_TMP"
}
trap kcong_cleanup EXIT

# kcong_tracefs GROUP: the tracefs root whose events/GROUP exists, mounting
# tracefs if need be.
kcong_tracefs() {
	local d

	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -d "$d/events/$1" ] && { echo "$d"; return 0; }
	done
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null &&
		[ -d "/sys/kernel/tracing/events/$1" ] && { echo /sys/kernel/tracing; return 0; }
	return 1
}

# --- requirements ------------------------------------------------------------

# kcong_require TOOL PACKAGE: SKIP the whole file when TOOL is missing.
kcong_require() {
	command -v "$1" >/dev/null 2>&1 && return 0
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$(basename "$0")" "$1 not found (apt-get install $2)"
	ktap_finished
}

kcong_require_root() {
	[ "$(id -u)" -eq 0 ] && return 0
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$(basename "$0")" "must run as root"
	ktap_finished
}

# --- modules -------------------------------------------------------------------

# The module built for the running kernel (make all-kernels / make), or
# in KCONG_MODULE_DIR (e.g. an older build, to see a test fail against it).
kcong_ko() {
	echo "${KCONG_MODULE_DIR:-$KCONG_TOP/build/$(uname -r)/module}/$1.ko"
}

kcong_is_loaded() {
	[ -d "/sys/module/$1" ]
}

# kcong_load NAME [PARAM=VALUE...]: insmod from the build tree, unloaded at exit.
kcong_load() {
	local name=$1 ko

	shift
	kcong_is_loaded "$name" && return 0
	ko=$(kcong_ko "$name")
	if [ ! -f "$ko" ]; then
		echo "# $ko is missing: run 'make all-kernels' first" >&2
		return 1
	fi
	insmod "$ko" "$@" || return 1
	KCONG_LOADED="$name $KCONG_LOADED"
}

# kcong_rmmod_wait NAME [SECONDS]: rmmod, retrying while sockets in
# TIME_WAIT or closing still hold a reference, for at most SECONDS (5)
# times KCONG_SLOW.
kcong_rmmod_wait() {
	local name=$1 secs=$((${2:-5} * KCONG_SLOW)) i

	for i in $(seq $((secs * 10))); do
		kcong_is_loaded "$name" || return 0
		rmmod "$name" 2>/dev/null && return 0
		sleep 0.1
	done
	rmmod "$name"
}

# Is NAME registered as a congestion control?
kcong_ca_available() {
	grep -qw "$1" /proc/sys/net/ipv4/tcp_available_congestion_control
}

# The in-tree module of an algorithm: modprobe tcp_<name> unless built in.
kcong_load_intree() {
	kcong_ca_available "$1" || modprobe "tcp_$1" 2>/dev/null
	kcong_ca_available "$1"
}

# --- polling -------------------------------------------------------------------

# kcong_wait_for SECONDS CMD...: poll CMD every 50 ms until it succeeds,
# for at most SECONDS times KCONG_SLOW.
kcong_wait_for() {
	local secs=$(($1 * KCONG_SLOW)) i

	shift
	for i in $(seq $((secs * 20))); do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

# --- topology ------------------------------------------------------------------

kcong_veth_setup() {
	local ns=$1 dev=$2 addr=$3

	ip -n "$ns" addr add "$addr/24" dev "$dev"
	ip -n "$ns" link set "$dev" mtu "$KCONG_MTU" up
	# Segmentation offloads off: loss and rate must apply to real packets.
	ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off >/dev/null 2>&1
}

# topo_setup [RATE_MBIT RTT_MS LOSS_PCT BUF_BDP]
topo_setup() {
	ip netns add "$NS_SND" && ip netns add "$NS_RTR" && ip netns add "$NS_RCV" || return 1
	ip link add snd0 netns "$NS_SND" type veth peer name rtr0 netns "$NS_RTR" || return 1
	ip link add rtr1 netns "$NS_RTR" type veth peer name rcv0 netns "$NS_RCV" || return 1
	for ns in "$NS_SND" "$NS_RTR" "$NS_RCV"; do
		ip -n "$ns" link set lo up
	done
	kcong_veth_setup "$NS_SND" snd0 "$SND_IP"
	kcong_veth_setup "$NS_RTR" rtr0 198.18.1.2
	kcong_veth_setup "$NS_RTR" rtr1 198.18.2.1
	kcong_veth_setup "$NS_RCV" rcv0 "$RCV_IP"
	ip -n "$NS_SND" route add default via 198.18.1.2
	ip -n "$NS_RCV" route add default via 198.18.2.1
	ip netns exec "$NS_RTR" sysctl -qw net.ipv4.ip_forward=1
	# Generous socket buffers, so that the window, not the buffer, limits.
	for ns in "$NS_SND" "$NS_RCV"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.tcp_rmem="4096 131072 33554432"
		ip netns exec "$ns" sysctl -qw net.ipv4.tcp_wmem="4096 16384 33554432"
		ip netns exec "$ns" sysctl -qw net.ipv4.tcp_no_metrics_save=1
	done
	topo_set_path "${1:-50}" "${2:-40}" "${3:-0}" "${4:-1}"
}

# topo_in_order: every interface of the topology hands its packets to CPU
# 0's backlog (RPS).  A veth queues a packet on the backlog of the CPU that
# sent it, and one flow is sent from two CPUs (from softirq as ACKs arrive,
# and from the sending process), so that under emulation the router and
# the receiver can see its packets a millisecond or more out of order.  A
# test that counts reordering, or needs every loss to be one, calls this.
topo_in_order() {
	local hop

	for hop in "$NS_SND/snd0" "$NS_RTR/rtr0" "$NS_RTR/rtr1" "$NS_RCV/rcv0"; do
		ip netns exec "${hop%%/*}" sh -c \
			"echo 1 > /sys/class/net/${hop#*/}/queues/rx-0/rps_cpus" || return 1
	done
}

# Packets in one bandwidth-delay product of RATE_MBIT and RTT_MS.
topo_bdp_pkts() {
	echo $(( ($1 * 1000000 / 8 * $2 / 1000 + KCONG_MTU - 1) / KCONG_MTU ))
}

# topo_set_path RATE_MBIT RTT_MS LOSS_PCT BUF_BDP [EXTRA_NETEM...]
# BUF_BDP may be fractional ("0.5"); LOSS_PCT may be fractional ("0.01").
topo_set_path() {
	local rate=$1 rtt=$2 loss=$3 buf=$4 bdp limit
	shift 4

	bdp=$(topo_bdp_pkts "$rate" "$rtt")
	# The delay line holds one BDP; the queue in front of it buf x BDP.
	limit=$(awk -v b="$bdp" -v f="$buf" 'BEGIN { l = int(b * (1 + f) + 0.999); print (l < 16 ? 16 : l) }')
	TOPO_RATE=$rate TOPO_RTT=$rtt TOPO_LOSS=$loss TOPO_BUF=$buf TOPO_BDP=$bdp TOPO_LIMIT=$limit
	tc -n "$NS_RTR" qdisc replace dev rtr1 root netem \
		delay "${rtt}ms" rate "${rate}mbit" limit "$limit" \
		$( [ "$loss" != 0 ] && echo "loss random ${loss}%" ) "$@"
}

# Payload goodput the bottleneck can carry (TCP/IP headers with timestamps:
# 52 bytes per 1500-byte packet, the rate counts the 14-byte Ethernet header).
topo_capacity_mbit() {
	awk -v r="$TOPO_RATE" 'BEGIN { printf "%.2f", r * 1448 / 1514 }'
}

# --- iperf3 ------------------------------------------------------------------------

KCONG_PORT=5201

# iperf_run ALG SECONDS OUT.json [iperf3 client args...]: one transfer from
# the sender to the receiver with congestion control ALG on both ends (an
# empty ALG: the namespace's or the route's default).
iperf_run() {
	local alg=$1 secs=$2 out=$3 port=$KCONG_PORT rc

	shift 3
	KCONG_PORT=$((KCONG_PORT + 1))
	iperf_server "$port" timeout $((secs + $(iperf_omit "$@") + 30)) \
		iperf3 -s -1 -p "$port" || return 1
	iperf_client "$alg" "$secs" "$out" -p "$port" "$@"
	rc=$?
	[ "$rc" -ne 0 ] && kill "$IPERF_SERVER_PID" 2>/dev/null
	wait "$IPERF_SERVER_PID" 2>/dev/null
	return "$rc"
}

# iperf_omit [iperf3 client args...]: the seconds of -O, which come before
# the -t seconds (0 without -O): the time limits must allow for them.
iperf_omit() {
	local prev="" a omit=0

	for a in "$@"; do
		[ "$prev" = -O ] && omit=$a
		prev=$a
	done
	echo "$omit"
}

# iperf_server PORT CMD...: start CMD (an iperf3 server on PORT) in the
# receiver's namespace and wait until it listens; its pid in IPERF_SERVER_PID.
# A server started with "iperf3 -s" (no -1) serves one test after another.
iperf_server() {
	local port=$1

	shift
	ip netns exec "$NS_RCV" "$@" >"$KCONG_TMP/server.$port.log" 2>&1 &
	IPERF_SERVER_PID=$!
	kcong_wait_for 5 iperf_listening "$port" && return 0
	echo "# iperf3 server on port $port did not start:" >&2
	sed 's/^/#   /' "$KCONG_TMP/server.$port.log" >&2
	kill "$IPERF_SERVER_PID" 2>/dev/null
	return 1
}

# iperf_client ALG SECONDS OUT.json [iperf3 client args...]: the client half
# of iperf_run, to a server that already listens (give its -p).
iperf_client() {
	local alg=$1 secs=$2 out=$3 rc err=$KCONG_TMP/client.err.$BASHPID

	# (err is named here: in a redirection, $BASHPID is the child's.)
	shift 3
	ip netns exec "$NS_SND" timeout $((secs + $(iperf_omit "$@") + 20)) iperf3 -c "$RCV_IP" \
		-t "$secs" ${alg:+-C "$alg"} -J "$@" > "$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "# iperf3 -C $alg failed ($rc):" >&2
		sed 's/^/#   /' "$err" "$out" | tail -n 5 >&2
		ip netns exec "$NS_SND" ss -tin >&2
	fi
	rm -f "$err"
	return "$rc"
}

iperf_listening() {
	ip netns exec "$NS_RCV" ss -Hltn "sport = :$1" | grep -q LISTEN
}

# iperf_summary OUT.json: "goodput_mbit retransmits mean_rtt_ms p95_rtt_ms cc retrans_pct"
iperf_summary() {
	python3 "$KCONG_LIB_DIR/iperf_summary.py" "$@"
}

# --- tcpflow (lib/tcpflow.py): scripted senders that watch TCP_INFO ---------

# flow_sink PORT: a sink in the receiver's namespace for the rest of the file.
flow_sink() {
	iperf_server "$1" timeout 900 python3 "$KCONG_LIB_DIR/tcpflow.py" sink "$1" --secs 880
}

# flow_send ALG PORT OUT.json STEP...: a scripted sender (see tcpflow.py).
flow_send() {
	local alg=$1 port=$2 out=$3

	shift 3
	ip netns exec "$NS_SND" timeout 120 python3 "$KCONG_LIB_DIR/tcpflow.py" send \
		"$RCV_IP" "$port" ${alg:+--cc "$alg"} --out "$out" "$@"
}

# Median of numbers on stdin.
kcong_median() {
	sort -g | awk '{ v[NR] = $1 } END { if (!NR) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# kcong_relax X: X divided by KCONG_SLOW (a rate or share to reach).
kcong_relax() {
	awk -v x="$1" -v f="$KCONG_SLOW" 'BEGIN { print x / f }'
}

# kcong_ge A B: is A >= B (floating point)?
kcong_ge() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'
}
