# SPDX-License-Identifier: GPL-2.0
#
# kcong - out-of-tree TCP congestion control and policy modules.
#
#   make                  build every module against KDIR
#   make install          install them into KDIR's kernel (extra/) and depmod
#   make unit             host unit tests of the algorithm arithmetic and the bench
#   make check            unit tests + VM selftests on 6.1, 6.12, 6.12-rt (KERNELS=)
#   make check-debug      unit tests + VM selftests on the debug kernel (built
#                         once by scripts/debug-kernel and cached)
#   make bench            the comparison bench, in a VM (KERNEL=6.1 default,
#                         FULL=1 the full set, AA=ALG the A/A control)
#   make all-kernels      build against every installed test kernel
#
# Objects for each kernel go to build/<kernelrelease>/, so one tree serves
# several kernels at once.

TOP := $(CURDIR)

# The running kernel's headers when they exist, otherwise the newest
# installed Debian kernel headers (the test kernels of scripts/deps).
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
NEWEST_KDIR = $(lastword $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V))
KDIR ?= $(if $(wildcard $(RUNNING_KDIR)/Makefile),$(RUNNING_KDIR),$(NEWEST_KDIR))

KREL = $(shell sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
BUILD = $(TOP)/build/$(KREL)
W ?=

SOURCES := $(wildcard module/*.c module/*.h)

.PHONY: all modules install unit check check-debug bench all-kernels clean deps

all: modules

modules:
	@test -f "$(KDIR)/Makefile" || { echo "kcong: no kernel headers at KDIR='$(KDIR)'." \
		"Install them (Debian: apt-get install linux-headers-amd64) or run scripts/deps." >&2; exit 1; }
	@mkdir -p $(BUILD)/module
	@ln -sfn $(TOP)/Kbuild $(BUILD)/Kbuild
	@ln -sfn $(TOP)/include $(BUILD)/include
	@for f in $(SOURCES); do ln -sfn $(TOP)/$$f $(BUILD)/$$f; done
	$(MAKE) -C $(KDIR) M=$(BUILD) $(if $(W),W=$(W)) modules
	@touch $(BUILD)/.built
	@echo "kcong: modules for $(KREL) are in build/$(KREL)/module/"

# Rebuild only when a source changed since the last build for this kernel.
$(BUILD)/.built: Kbuild $(SOURCES) $(wildcard include/*.h)
	@$(MAKE) --no-print-directory KDIR=$(KDIR) modules

# Plain copies (no compression, no signing: see README for Secure Boot).
install: $(BUILD)/.built
	install -d $(INSTALL_MOD_PATH)/lib/modules/$(KREL)/extra
	install -m 644 $(BUILD)/module/*.ko $(INSTALL_MOD_PATH)/lib/modules/$(KREL)/extra/
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KREL)

all-kernels:
	@for k in $$(ls -d /usr/src/linux-headers-*-amd64 | sort -V); do \
		$(MAKE) --no-print-directory KDIR=$$k W=1 modules || exit 1; \
	done

unit:
	@$(MAKE) --no-print-directory -C selftests/unit run
	@echo "# unit: the bench's statistics (scripts/bench.d/test_bench.py)"
	@python3 scripts/bench.d/test_bench.py
	@echo "# unit: the selftests' trace checker (selftests/lib/test_cwnd_trace.py)"
	@python3 selftests/lib/test_cwnd_trace.py

check:
	@scripts/check $(if $(KERNELS),--kernels "$(KERNELS)")

check-debug:
	@scripts/check --kernels debug

bench:
	@scripts/bench $(if $(KERNEL),--kernel $(KERNEL)) $(if $(FULL),--full) $(if $(AA),--aa "$(AA)")

deps:
	@scripts/deps

clean:
	rm -rf build
	@$(MAKE) --no-print-directory -C selftests/unit clean
