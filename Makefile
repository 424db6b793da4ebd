# SPDX-License-Identifier: GPL-2.0
# make | make check | make demo | make bench | make selfcheck | make fuzz; V=1 shows commands, SANITIZE=1 ASan+UBSan

CC ?= cc
PKGS := libgit2 jansson zlib libcrypto libdeflate
CFLAGS ?= -O2 -g
WB_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pthread $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread

ifeq ($(SANITIZE),1)
O := build-san
CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
O ?= build
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRCS := $(sort $(wildcard src/*.c))
OBJS := $(patsubst src/%.c,$(O)/%.o,$(SRCS))
LIB := $(O)/libworkbench.a

all: workbench

workbench: $(O)/workbench
	$(Q)ln -sf $(O)/workbench workbench

$(O)/workbench: $(O)/workbench.o $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/%.o: src/%.c | $(O)
	@echo "  CC      $@"
	$(Q)$(CC) $(WB_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The version: git describe of this tree, or "unknown" outside a clone;
# $(O)/VERSION changes only with it, so that workbench.o is rebuilt then.
WB_VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)
$(O)/VERSION: FORCE | $(O)
	$(Q)[ "$$(cat $@ 2>/dev/null)" = "$(WB_VERSION)" ] || echo "$(WB_VERSION)" >$@

$(O)/workbench.o: workbench.c $(O)/VERSION | $(O)
	@echo "  CC      $@"
	$(Q)$(CC) $(WB_CFLAGS) -DWB_VERSION='"$(WB_VERSION)"' $(CFLAGS) -MMD -MP -c -o $@ $<

$(O):
	$(Q)mkdir -p $(O)

# tests/tools/t-pack-compare.sh: our pack reader against plain libgit2
pack-compare: $(O)/pack-compare

$(O)/pack-compare: tests/tools/pack-compare.c $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(WB_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Cached scans are only valid for the scanner that made them.
SCAN_HASH := $(shell cat src/scan.c src/scan.h src/cache.c | cksum | cut -d' ' -f1)
$(O)/cache.o: WB_CFLAGS += -DWB_SCAN_HASH=$(SCAN_HASH)u
$(O)/cache.o: src/scan.c src/scan.h

-include $(wildcard $(O)/*.d)

# ---- man pages (scdoc), install -------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=/tmp/x]: the binary, the checks,
# the rules and MAINTAINERS-notes (PREFIX/share/workbench, where the binary
# looks from PREFIX/bin), the man pages and the bash completion.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/workbench
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SCDOC ?= scdoc
MAN_SRCS := $(sort $(wildcard man/*.scd))
MAN_PAGES := $(patsubst man/%.scd,$(O)/man/%,$(MAN_SRCS))

man: $(MAN_PAGES)

$(O)/man/%: man/%.scd
	@mkdir -p $(dir $@)
	@echo "  SCDOC   $@"
	$(Q)$(SCDOC) <$< >$@.tmp && mv $@.tmp $@

install: all man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/checks $(DESTDIR)$(DATADIR)/cocci \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(O)/workbench $(DESTDIR)$(BINDIR)/workbench
	install -m 644 $(filter-out %.md,$(wildcard checks/*)) $(DESTDIR)$(DATADIR)/checks/
	install -m 644 $(filter-out %.md,$(wildcard cocci/*)) $(DESTDIR)$(DATADIR)/cocci/
	install -m 644 MAINTAINERS-notes $(DESTDIR)$(DATADIR)/MAINTAINERS-notes
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completion/workbench.bash $(DESTDIR)$(BASHCOMPDIR)/workbench

clean:
	rm -rf build build-san build-fuzz workbench

.PHONY: all workbench clean FORCE man install pack-compare

# ---- fuzz targets (libFuzzer, clang) ----------------------------------------
# make fuzz builds build-fuzz/fuzz-*; tests/fuzz/run.sh runs them (FUZZ_SECONDS=N)
FUZZ_CC ?= clang
FUZZ_O := build-fuzz
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
# clang also warns on unused static inline functions, which gcc accepts
FUZZ_CFLAGS := $(WB_CFLAGS) -Wno-unused-function -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(FUZZ_O)/%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_OBJS := $(patsubst src/%.c,$(FUZZ_O)/obj/%.o,$(filter-out src/cmd-%.c,$(SRCS)))

fuzz: $(FUZZ_TARGETS)

$(FUZZ_O)/libwb-fuzz.a: $(FUZZ_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_O)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_O)/%: tests/fuzz/%.c $(FUZZ_O)/libwb-fuzz.a
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc -fsanitize=fuzzer -MMD -MP -o $@ $< \
		$(FUZZ_O)/libwb-fuzz.a $(LDLIBS)

-include $(wildcard $(FUZZ_O)/obj/*.d $(FUZZ_O)/*.d)

.PHONY: fuzz

# ---- set-up, tests, demo, bench -------------------------------------------

deps:
	$(Q)tools/deps.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tools/sample-repo.sh $(O)/sample
	@# exit 1 only says the callers still need review: the demo has no notes
	./workbench audit --repo $(O)/sample --notes $(O)/sample-fault-in.notes fault-in || [ $$? -eq 1 ]

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory SANITIZE=1 all-san
	$(Q)tests/check.sh

# the sanitizer build lives in build-san/ beside the normal one
all-san: build-san/workbench

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)mkdir -p $(O)
	$(Q)$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $(O)/gen-tree tools/gen-tree.c
	$(Q)WB=$(CURDIR)/workbench GEN=$(CURDIR)/$(O)/gen-tree KERNEL="$(KERNEL)" REV="$(REV)" \
		tools/bench.sh

selfcheck: deps
	$(Q)for f in $(SRCS) workbench.c; do \
		sparse -Wsparse-all -Wno-declaration-after-statement $(WB_CFLAGS) $$f || exit 1; \
	done

.PHONY: deps demo check all-san bench selfcheck

# Real-tree tables (outside CI): make check-real KERNEL=DIR TABLE=tests/real/NAME.tsv,
# or REAL_TREES=DIR (snapshots as DIR/OWNER+NAME/repo) for every table at once.
REAL_TREES ?= /work/.mirror
check-real: all
	$(Q)if [ -n "$(TABLE)" ]; then \
		tools/check-real.py --wb $(CURDIR)/build/workbench --kernel "$(KERNEL)" $(TABLE); \
	else \
		rc=0; for t in tests/real/*.tsv; do \
			tree=$$(sed -n 's/^# tree: *//p' $$t | head -n 1 | tr / +); \
			d="$(REAL_TREES)/$$tree/repo"; [ -d "$$d" ] || d="$(REAL_TREES)/$$tree"; \
			if [ -d "$$d" ]; then tools/check-real.py --wb $(CURDIR)/build/workbench --kernel "$$d" $$t || rc=1; \
			else echo "$$t: no tree $$d (set REAL_TREES)"; rc=1; fi; \
		done; exit $$rc; \
	fi

.PHONY: check-real
