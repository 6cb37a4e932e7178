#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# policy.sh - what the kcong_policy selftests (selftests/policy_*.sh) share.
# Source it; it sources kcong.sh and SKIPs the file without root or python3.  Namespaces made here carry the random
# $KCONG_SUFFIX and are deleted at exit.

. "$(dirname "${BASH_SOURCE[0]}")/kcong.sh"

POLICY_LOAD="$KCONG_LIB_DIR/policy_load.py"

# Every policy test needs root and the load generator's python3.
kcong_require_root
kcong_require python3 python3

# policy_ns NS: a namespace with lo up, deleted at exit.
policy_ns() {
	ip netns add "$1" || return 1
	KCONG_EXTRA_NS="$KCONG_EXTRA_NS $1"
	ip -n "$1" link set lo up
}

# policy_link NS_A DEV_A ADDR_A NS_B DEV_B ADDR_B: a veth between two
# namespaces, /24 addresses (198.18.0.0/15 only).
policy_link() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
	kcong_veth_setup "$1" "$2" "$3"
	kcong_veth_setup "$4" "$5" "$6"
}

# pol_get NS KNOB / pol_set NS KNOB VALUE (status of the write, quiet).
pol_get() {
	ip netns exec "$1" cat "/proc/sys/net/kcong/$2"
}

pol_set() {
	ip netns exec "$1" sh -c 'printf "%s\n" "$2" > "/proc/sys/net/kcong/$1"' \
		sh "$2" "$3" 2>/dev/null
}

ipv4_get() {
	ip netns exec "$1" cat "/proc/sys/net/ipv4/$2"
}

# pol_status NS KEY: one value from NS's /proc/net/kcong_policy.
pol_status() {
	ip netns exec "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/kcong_policy
}

# pol_status_init KEY: one value from the initial namespace's status.
pol_status_init() {
	awk -v k="$1" '$1 == k { print $2 }' /proc/net/kcong_policy
}

pol_status_is_init() {
	[ "$(pol_status_init "$1")" = "$2" ]
}

# pol_status_is NS KEY VALUE: for kcong_wait_for.
pol_status_is() {
	[ "$(pol_status "$1" "$2")" = "$3" ]
}

# Milliseconds since the epoch.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

tw_count() {
	ip netns exec "$1" ss -Htan state time-wait | wc -l
}

# mib_sum NS FILE GROUP NAME...: the sum of those counters of GROUP
# ("TcpExt:", "Tcp:") in FILE (/proc/net/netstat, /proc/net/snmp) of NS.
mib_sum() {
	local ns=$1 file=$2 group=$3

	shift 3
	ip netns exec "$ns" awk -v g="$group" -v names="$*" '
		BEGIN { n = split(names, want, " "); for (i = 1; i <= n; i++) w[want[i]] = 1 }
		$1 == g && !hdr { for (i = 2; i <= NF; i++) col[i] = $i; hdr = 1; next }
		$1 == g { for (i = 2; i <= NF; i++) if (col[i] in w) sum += $i; hdr = 0 }
		END { print sum + 0 }' "$file"
}

# tcpext NS NAME...: the sum of those TcpExt counters of NS.
tcpext() {
	local ns=$1

	shift
	mib_sum "$ns" /proc/net/netstat TcpExt: "$@"
}

# tcpmib NS NAME...: the sum of those Tcp counters (RFC 4022) of NS.
tcpmib() {
	local ns=$1

	shift
	mib_sum "$ns" /proc/net/snmp Tcp: "$@"
}
