# xrdfit - build, test, install.   SPDX-License-Identifier: GPL-3.0-or-later
#
#   make            install missing Debian packages, build library + CLI
#   make demo       ... and run the main job on the bundled data (writes demo/)
#   make check      ... and run every test (also under ASan+UBSan)
#   make bench      benchmarks (bench/)
#   make install PREFIX=/usr/local

VERSION    := 0.1.0
PREFIX     ?= /usr/local
CC         ?= cc
BUILD      ?= build
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=

DEB_PKGS   := libgsl-dev liblapacke-dev libxml2-dev libcerf-dev libxy-dev libzip-dev libhdf5-dev libcif-dev libsymspg-dev gnuplot-nox pkg-config
PC_PKGS    := gsl lapacke libxml-2.0 libcerf libzip hdf5 libcif spglib icu-uc
# libhdf5, libzip, libcif and libxy are not linked: lib/core/dl_load.c loads
# each by its soname when a file needs it (NeXus; BRML and RASX; CIF; Bruker
# RAW, CPI, UDF, RD): with them and their dependencies every process started
# in ~9.5 ms instead of ~5.5 ms. libicuuc stays: libxml2 needs it anyway.
PC_LINK    := gsl lapacke libxml-2.0 libcerf spglib icu-uc

# Recursive (=) so pkg-config runs only after `deps` has installed it.
PKG_CFLAGS  = $(shell pkg-config --cflags $(PC_PKGS))
PKG_LIBS    = $(shell pkg-config --libs $(PC_LINK))
# For programs that call the lazily loaded libraries themselves (tests).
HDF5_LIBS   = $(shell pkg-config --libs hdf5)
# The soname of lib$(1).so (where pkg-config module $(2) has its libraries,
# else where GSL's are: xylib has no .pc) and the Debian package installing it.
lib_so      = $$(d=$$(pkg-config --libs-only-L $(2) 2> /dev/null | sed 's/^ *-L//; s/ .*//'); \
                : $${d:=$$(pkg-config --variable=libdir $(2) 2> /dev/null)}; \
                echo "$${d:-$$(pkg-config --variable=libdir gsl)}/lib$(1).so")
soname_of   = $(shell objdump -p "$(lib_so)" 2> /dev/null | awk '$$1 == "SONAME" { print $$2 }')
package_of  = $(shell dpkg -S "$$(readlink -f $(lib_so))" 2> /dev/null | cut -d: -f1)
CFLAGS_BASE = -std=c11 -D_XOPEN_SOURCE=700 -O3 -g -Wall -Wextra -Werror \
              -Wshadow -Wno-unused-parameter -fno-trapping-math -fPIC -Iinclude -Ilib
CFLAGS_ALL  = $(CFLAGS_BASE) $(PKG_CFLAGS) -DXRDFIT_VERSION=\"$(VERSION)\" \
              -DXRDFIT_DATADIR=\"$(PREFIX)/share/xrdfit\" $(EXTRA_CFLAGS)
LDLIBS_ALL  = $(PKG_LIBS) -lm -lpthread -ldl $(EXTRA_LDFLAGS)

LIB_SRC   := $(sort $(wildcard lib/*/*.c))
CLI_SRC   := $(sort $(wildcard cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
TESTSUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
GEN_SRC   := $(sort $(wildcard tests/gen/*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTSUPPORT_OBJ := $(TESTSUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
GEN_BIN   := $(BUILD)/xrdgen
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

STATIC_LIB := $(BUILD)/libxrdfit.a
SHARED_LIB := $(BUILD)/libxrdfit.so
CLI_BIN    := $(BUILD)/xrdfit

.PHONY: all build deps demo check check-asan test bench install clean distclean lint

all: deps
	@$(MAKE) --no-print-directory build

build: $(STATIC_LIB) $(SHARED_LIB) $(CLI_BIN)

# Install the Debian packages that are missing (as root, else through sudo).
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "xrdfit: installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	  { echo "xrdfit: could not install:$$missing" >&2; exit 1; }; \
	fi

# Each loader is told its library's soname and package (hdf5_loader.c etc.).
dl_defs = -DXRDI_$(1)_SONAME=\"$(or $(call soname_of,$(2),$(3)),lib$(2).so)\" \
          -DXRDI_$(1)_PACKAGE=\"$(or $(call package_of,$(2),$(3)),lib$(2))\"
$(BUILD)/obj/lib/pattern/hdf5_loader.o: CFLAGS_ALL += $(call dl_defs,HDF5,hdf5,hdf5)
$(BUILD)/obj/lib/pattern/zip_loader.o: CFLAGS_ALL += $(call dl_defs,ZIP,zip,libzip)
$(BUILD)/obj/lib/pattern/xylib_loader.o: CFLAGS_ALL += $(call dl_defs,XYLIB,xy,xylib)
$(BUILD)/obj/lib/core/cif_loader.o: CFLAGS_ALL += $(call dl_defs,CIF,cif,libcif) \
  -DXRDI_CIF_BUILT_FOR=\"$(shell pkg-config --modversion libcif)\"

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(STATIC_LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJ)
	@echo "  LD      $@"
	@$(CC) -shared -Wl,-soname,libxrdfit.so.0 -o $@ $^ $(LDLIBS_ALL)

$(CLI_BIN): $(CLI_OBJ) $(STATIC_LIB)
	@echo "  LD      $@"
	@$(CC) -o $@ $(CLI_OBJ) $(STATIC_LIB) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(TESTSUPPORT_OBJ) $(STATIC_LIB) tests/harness.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(TESTSUPPORT_OBJ) $(STATIC_LIB) $(LDLIBS_ALL) $(HDF5_LIBS)

$(GEN_BIN): $(GEN_SRC) tests/gen/gen.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $(GEN_SRC) $(LDLIBS_ALL)

$(BUILD)/bench/%: bench/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(STATIC_LIB) $(LDLIBS_ALL)

# Fuzz harnesses (tests/fuzz): one per reader and parser. NAME:SOURCE:DEFINE.
REALDATA_FORMATS ?= ../shared/realdata-formats
FUZZ_SPECS := text:fuzz_pattern:-DFUZZ_NAME='"fuzz.xy"' \
  gsas:fuzz_pattern:-DFUZZ_NAME='"fuzz.fxye"' \
  xrdml:fuzz_pattern:-DFUZZ_NAME='"fuzz.xrdml"' \
  raw4:fuzz_pattern:-DFUZZ_NAME='"fuzz.raw"' \
  ras:fuzz_pattern:-DFUZZ_NAME='"fuzz.ras"' \
  brml:fuzz_pattern:-DFUZZ_NAME='"fuzz.brml"' \
  rasx:fuzz_pattern:-DFUZZ_NAME='"fuzz.rasx"' \
  nexus:fuzz_pattern:-DFUZZ_NAME='"fuzz.h5"' \
  uxd:fuzz_pattern:-DFUZZ_NAME='"fuzz.uxd"' \
  pdcif:fuzz_pattern:-DFUZZ_NAME='"fuzz.cif"' \
  raw_xylib:fuzz_file:-DFUZZ_KIND=5 \
  phase_xml:fuzz_file:-DFUZZ_KIND=1 \
  instrument_xml:fuzz_file:-DFUZZ_KIND=2 \
  radiation_xml:fuzz_file:-DFUZZ_KIND=3 \
  fit_json:fuzz_file:-DFUZZ_KIND=4 \
  phase_cif:fuzz_file:-DFUZZ_KIND=6 \
  phase_spec:fuzz_phase_spec: \
  spacegroup:fuzz_spacegroup:
FUZZ_NAMES := $(foreach s,$(FUZZ_SPECS),$(word 1,$(subst :, ,$(s))))
fuzz_src = tests/fuzz/$(word 2,$(subst :, ,$(filter $(1):%,$(FUZZ_SPECS)))).c
fuzz_def = $(word 3,$(subst :, ,$(filter $(1):%,$(FUZZ_SPECS))))
# seed corpora beside tests/fuzz/corpus/NAME (read only)
FUZZ_SEEDS_text := tests/data/bad_patterns data
FUZZ_SEEDS_gsas := tests/data/bad_patterns
FUZZ_SEEDS_phase_xml := refdata/phases tests/data/bad_xml
FUZZ_SEEDS_phase_cif := tests/data/cif
FUZZ_SEEDS_instrument_xml := tests/data/bad_xml
FUZZ_SEEDS_radiation_xml := tests/data/bad_xml
fuzz_dirs = tests/fuzz/corpus/$(1) $(FUZZ_SEEDS_$(1)) $(wildcard tests/fuzz/crashes/$(1))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)

define fuzz_rules
$(BUILD)/fuzz/replay_$(1): $(call fuzz_src,$(1)) tests/fuzz/replay.c $(STATIC_LIB)
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$@"
	@$$(CC) $$(CFLAGS_ALL) $(call fuzz_def,$(1)) -o $$@ $(call fuzz_src,$(1)) tests/fuzz/replay.c $$(STATIC_LIB) $$(LDLIBS_ALL)
build-fuzz/fuzz/fuzz_$(1): $(call fuzz_src,$(1)) fuzz-lib
	@mkdir -p $$(dir $$@)
	@clang $$(FUZZ_CFLAGS) $(call fuzz_def,$(1)) -o $$@ $(call fuzz_src,$(1)) build-fuzz/libxrdfit.a $$(FUZZ_LDLIBS)
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_rules,$(n))))

# Replay lists for tests/test_fuzz_replay.sh: NAME DIR... per line.
$(BUILD)/fuzz/replay.list: Makefile $(wildcard tests/fuzz/crashes/*)
	@mkdir -p $(dir $@)
	@: > $@; $(foreach n,$(FUZZ_NAMES),echo "$(n) $(call fuzz_dirs,$(n))" >> $@;)

FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -O1 -g -Iinclude -Ilib $(PKG_CFLAGS) $(FUZZ_SAN)
FUZZ_LDLIBS = $(PKG_LIBS) -lm -lpthread -ldl
.PHONY: fuzz fuzz-lib
fuzz-lib: deps
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  EXTRA_CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" build-fuzz/libxrdfit.a

# Each harness for FUZZ_SECONDS (default 60): fails on a crash, leak or timeout;
# a failing input lands in build-fuzz/artifacts/ (copy it to tests/fuzz/crashes/NAME/).
fuzz: $(FUZZ_NAMES:%=build-fuzz/fuzz/fuzz_%) $(BUILD)/fuzz/replay.list
	@mkdir -p build-fuzz/artifacts
	@rc=0; for n in $(FUZZ_NAMES); do \
	  mkdir -p build-fuzz/corpus/$$n; \
	  dirs=$$(sed -n "s/^$$n //p" $(BUILD)/fuzz/replay.list 2>/dev/null); \
	  [ -n "$$dirs" ] || dirs="tests/fuzz/corpus/$$n"; \
	  extra=""; [ $$n = raw_xylib ] || [ $$n = xrdml ] || [ $$n = raw4 ] || [ $$n = ras ] || \
	    [ $$n = brml ] || [ $$n = rasx ] && [ -d $(REALDATA_FORMATS) ] && extra=$(REALDATA_FORMATS); \
	  printf '%-16s ' $$n; \
	  if XRDFIT_TOP=. LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp \
	       ASAN_OPTIONS=allocator_may_return_null=1 \
	       ./build-fuzz/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	       -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
	       -artifact_prefix=build-fuzz/artifacts/$$n- build-fuzz/corpus/$$n $$dirs $$extra \
	       > build-fuzz/$$n.log 2>&1; then \
	    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' build-fuzz/$$n.log | \
	      awk '{ printf "%s ", $$2 } END { print "(execs, execs/s)" }'; \
	  else echo "FAILED (build-fuzz/$$n.log)"; rc=1; fi; \
	done; exit $$rc

# The suite once, in $(BUILD); prints `N passed, N failed` and fails on any failure.
test: build $(TEST_BIN) $(if $(GEN_SRC),$(GEN_BIN)) $(REPLAY_BIN) $(BUILD)/fuzz/replay.list
	@sh tests/run.sh $(BUILD)

check-asan: deps
	@$(MAKE) --no-print-directory test BUILD=build-asan \
	  EXTRA_CFLAGS="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined"

# The whole suite: plain build, then ASan+UBSan build; the last line sums both.
check: deps
	@rc=0; \
	$(MAKE) --no-print-directory test > $(BUILD).check.log 2>&1 || rc=1; \
	tail -n 1 $(BUILD).check.log | sed 's/^/plain build: /'; \
	grep -E '^(FAIL|SKIP)' $(BUILD).check.log || true; \
	if [ $$rc = 0 ] || grep -q '^[0-9]* passed' $(BUILD).check.log; then \
	  $(MAKE) --no-print-directory check-asan > build-asan.check.log 2>&1 || rc=1; \
	  tail -n 1 build-asan.check.log | sed 's/^/asan+ubsan build: /'; \
	  grep -E '^FAIL' build-asan.check.log || true; \
	fi; \
	if ! grep -q '^[0-9]* passed' $(BUILD).check.log; then tail -n 30 $(BUILD).check.log; fi; \
	p=0; f=0; for log in $(BUILD).check.log build-asan.check.log; do \
	  [ -f $$log ] || continue; \
	  l=$$(grep -E '^[0-9]+ passed, [0-9]+ failed' $$log | tail -n 1); \
	  [ -n "$$l" ] || { f=$$((f+1)); continue; }; \
	  p=$$((p + $$(echo "$$l" | cut -d' ' -f1))); f=$$((f + $$(echo "$$l" | cut -d' ' -f3))); \
	done; \
	echo "$$p passed, $$f failed"; \
	[ $$rc = 0 ] && [ $$f = 0 ]

demo: all
	@sh tools/demo.sh $(BUILD)

bench: all $(BENCH_BIN) $(GEN_BIN)
	@sh bench/run.sh $(BUILD)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 -Iinclude -Ilib --suppress=missingIncludeSystem lib

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/xrdfit \
	  $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/share/xrdfit/refdata/phases $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(PREFIX)/lib/libxrdfit.so.0
	ln -sf libxrdfit.so.0 $(DESTDIR)$(PREFIX)/lib/libxrdfit.so
	install -m 644 include/xrdfit/*.h $(DESTDIR)$(PREFIX)/include/xrdfit/
	install -m 755 $(CLI_BIN) $(DESTDIR)$(PREFIX)/bin/xrdfit
	install -m 644 docs/xrdfit.1 $(DESTDIR)$(PREFIX)/share/man/man1/xrdfit.1
	install -m 644 refdata/*.xml refdata/*.rng $(DESTDIR)$(PREFIX)/share/xrdfit/refdata/
	install -m 644 refdata/phases/*.xml $(DESTDIR)$(PREFIX)/share/xrdfit/refdata/phases/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' xrdfit.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/xrdfit.pc

clean:
	rm -rf build build-asan build.check.log build-asan.check.log demo

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTSUPPORT_OBJ:.o=.d)
