# SPDX-License-Identifier: GPL-2.0
# Stand-in for the kernel's tools/testing/selftests/lib.mk, so that each
# collection's Makefile reads the same here and in a kernel tree: it sets
# CFLAGS and TEST_GEN_PROGS, includes ../lib.mk, then adds its own rules for
# $(OUTPUT)/<program>.  The series leaves this file out.
#
#   make                   build into $(OUTPUT), build/<collection> by default
#   make run_tests         run the programs, one TAP document on stdout
#   make emit_tests        print <collection>:<program> lines for runner.sh
#   KSFT_HARNESS=PATH      build against the kernel's kselftest_harness.h
#                          (PATH is the file or its directory), into
#                          build-ksft/<collection>

selftests_dir := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
COLLECTION := $(notdir $(CURDIR))

ifeq ($(UNAME_M)$(CAN_BUILD_I386)$(NO_32BIT),x86_64)
$(error gcc -m32 cannot link a program: install gcc-multilib, or build with NO_32BIT=1)
endif

HARNESS_DEP := $(selftests_dir)/kselftest_harness.h \
	       $(selftests_dir)/harness/kselftest_harness.h
ifneq ($(KSFT_HARNESS),)
KSFT_HARNESS_FILE := $(abspath $(if $(wildcard $(KSFT_HARNESS)/kselftest_harness.h),\
	$(KSFT_HARNESS)/kselftest_harness.h,$(KSFT_HARNESS)))
ifeq ($(wildcard $(KSFT_HARNESS_FILE)),)
$(error KSFT_HARNESS=$(KSFT_HARNESS): no kselftest_harness.h there)
endif
CFLAGS += -DKSFT_HARNESS_H='"$(KSFT_HARNESS_FILE)"'
# the kernel's harness leaves some of its own parameters unused
CFLAGS += -Wno-unused-parameter
HARNESS_DEP += $(KSFT_HARNESS_FILE)
OUTPUT ?= $(selftests_dir)/build-ksft/$(COLLECTION)
else
OUTPUT ?= $(selftests_dir)/build/$(COLLECTION)
endif

# stricter than the kernel's own selftests build: we keep them warning-free
CFLAGS += -Wextra -Werror

TEST_GEN_PROGS := $(patsubst %,$(OUTPUT)/%,$(TEST_GEN_PROGS))

all: $(TEST_GEN_PROGS)
	@:

$(TEST_GEN_PROGS): $(HARNESS_DEP) | $(OUTPUT)

$(OUTPUT):
	@mkdir -p $@

$(OUTPUT)/%: %.c
	$(CC) $(CFLAGS) -o $@ $(filter %.c,$^) $(LDFLAGS) $(LDLIBS)

run_tests: all
	@$(selftests_dir)/runner.sh $(foreach p,$(TEST_GEN_PROGS),$(COLLECTION):$(p))

emit_tests:
	@$(foreach p,$(TEST_GEN_PROGS),echo "$(COLLECTION):$(p)";)

clean:
	rm -f $(TEST_GEN_PROGS)

.PHONY: all run_tests emit_tests clean
