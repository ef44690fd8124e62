# tayori: the commands a new user runs (make demo, make test), on Debian 12.

BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
TAYORI      = $(BUILD)/tayori

# Debian 12 packages: the libraries we link, the tools the tests run.
DEBS = cmake make gcc pkg-config python3 \
       libcmark-gfm-dev libcmark-gfm-extensions-dev libqrencode-dev libsqlite3-dev libyaml-dev \
       libicu-dev libcmocka-dev libpng-dev libjpeg-dev libzint-dev libqpdf-dev \
       libharfbuzz-dev libhyphen-dev hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr \
       libdeflate-dev \
       poppler-utils qpdf zbar-tools ghostscript sqlite3 valgrind procps \
       chromium libpq-dev postgresql parallel

# The fuzzers (make fuzz) need clang and its libFuzzer runtime besides.
FUZZ_DEBS    = clang libclang-rt-14-dev
FUZZ_BUILD  ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZERS      = frontmatter layout typeset import

.PHONY: all deps build demo test cases-update fuzz clean

all: build

# Install what is missing: as root directly, otherwise through sudo.
deps:
	@missing=""; \
	for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "tayori: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "tayori: missing Debian packages:$$missing; run 'make deps' as root" >&2; exit 1; fi; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DTAYORI_TESTS=OFF
	cmake --build $(BUILD) -j$(JOBS)

# The sample newsletter: a generated customer database, then the Japanese and English issues.
demo: build
	python3 samples/make_customers.py samples/data
	rm -f samples/harvest.db
	$(TAYORI) db init samples/harvest.db
	$(TAYORI) db import samples/harvest.db samples/data/customers.csv --table customers
	$(TAYORI) db import samples/harvest.db samples/data/purchases.csv --table purchases
	$(TAYORI) build content/2026-12.md --db samples/harvest.db -o samples/2026-12.pdf
	$(TAYORI) build content/2026-12-en.md --db samples/harvest.db -o samples/2026-12-en.pdf
	@echo "tayori: the sample newsletters are samples/2026-12.pdf and samples/2026-12-en.pdf"

# Every test, built with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DTAYORI_SANITIZE=ON -DTAYORI_WERROR=ON
	cmake --build $(TEST_BUILD) -j$(JOBS)
	cd $(TEST_BUILD) && ctest --output-on-failure -j$(JOBS)

# Rewrite tests/cases/*/expected from the current tayori (review the change with git diff).
cases-update: deps
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DTAYORI_SANITIZE=ON -DTAYORI_WERROR=ON
	cmake --build $(TEST_BUILD) -j$(JOBS)
	bash tests/cases/run.sh --update $(TEST_BUILD)/tayori

# Each libFuzzer target for FUZZ_SECONDS (clang, ASan + UBSan), one at a time:
# seeds from fuzz/corpus/NAME, new inputs kept in $(FUZZ_BUILD)/corpus-NAME,
# a crash, leak or slow input (> 2 s) saved as $(FUZZ_BUILD)/NAME-crash-… and the target fails.
fuzz:
	$(MAKE) deps DEBS="$(DEBS) $(FUZZ_DEBS)"
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	  -DTAYORI_FUZZ=ON -DTAYORI_TESTS=OFF
	cmake --build $(FUZZ_BUILD) -j$(JOBS) $(addprefix --target fuzz_,$(FUZZERS))
	for t in $(FUZZERS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$t && \
	  $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=2 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/$$t- \
	    $(FUZZ_BUILD)/corpus-$$t fuzz/corpus/$$t || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD)
