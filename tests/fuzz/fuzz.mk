# Host fuzz targets: tests/fuzz/fuzz_*.c, each built with Debian's clang and
# libFuzzer (libfuzzer-14-dev), ASan and UBSan over the pure sources the unit
# tests use (PURE_SRCS, tests/unit/unit.mk), compiled again with coverage.
#   make fuzz-build               build/fuzz/fuzz_* and their seed corpora
#   make fuzz FUZZ_SECONDS=N      run each target N seconds (default 60)
#   make fuzz FUZZ_TARGETS="fit"  only some
# `make test` runs each for FUZZ_TEST_SECONDS (tests/run-tests.sh). Corpora
# grow in build/fuzz/corpus/NAME; findings go to build/fuzz/findings/.
FUZZ_CC ?= clang-14
FZ := $(B)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -O1 -g -Wall -Wextra -Werror -Iinclude -Itests/unit \
	-D_DEFAULT_SOURCE -DTESSERA_HOST_TEST $(FUZZ_SAN) -fno-omit-frame-pointer \
	-MMD -MP
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(filter-out util,$(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS)))
FUZZ_BINS := $(addprefix $(FZ)/fuzz_,$(FUZZ_NAMES))
FUZZ_PURE_OBJS := $(patsubst src/%.c,$(FZ)/pure/%.o,$(PURE_SRCS)) \
	$(FZ)/pure/gen/platform_devices.o

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS) $(FZ)/seeds.ok

# The pure sources with coverage for libFuzzer (fuzzer-no-link: no main).
$(FZ)/pure/%.o: src/%.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  FUZZCC  $<'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FZ)/pure/gen/platform_devices.o: $(PLATFORM_DEVICES_C) $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  FUZZCC  $<'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FZ)/libpure.a: $(FUZZ_PURE_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(FZ)/util.o: tests/fuzz/fuzz_util.c $(B)/.deps-ok
	@mkdir -p $(dir $@)
	@echo '  FUZZCC  $<'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c $(FZ)/libpure.a $(FZ)/util.o
	@echo '  FUZZCC  $<'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-DFUZZ_DTB_DIR='"$(abspath $(UNIT_DTB_DIR))"' \
		$< $(FZ)/util.o $(FZ)/libpure.a -lfdt -o $@

# Seeds from the test data (tests/fuzz/seeds.sh says which).
$(FZ)/seeds.ok: tests/fuzz/seeds.sh unit-data $(B)/.deps-ok
	@echo '  SEEDS   $(FZ)/seeds'
	@tests/fuzz/seeds.sh $(FZ)/seeds
	@touch $@

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(FUZZ_NAMES)
fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

test-assets:: fuzz-build

-include $(FUZZ_PURE_OBJS:.o=.d) $(FZ)/util.d
