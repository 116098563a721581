# Build targets for `sam build` (template.yaml: Metadata BuildMethod makefile, ContextPath .).
# SAM calls build-<LogicalId> with ARTIFACTS_DIR set. Each target builds that function's module
# with the repository's own Maven wrapper, in the repository itself (not in SAM's scratch copy,
# which holds only the module and not the shared code it depends on), and ships the shaded jar
# under lib/, which the Java runtime puts on the classpath.
# See docs/decisions/0002-sam-build-of-a-maven-multi-module.md.

SHELL := /bin/bash
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# $(1): module directory, $(2): artifactId
define lambda_jar
	@set -euo pipefail; \
	source "$(ROOT)/infra/bin/lib.sh"; \
	require_jdk25; \
	cd "$(ROOT)"; \
	./mvnw -B -q -ntp -DskipTests -pl $(1) -am package; \
	mkdir -p "$(ARTIFACTS_DIR)/lib"; \
	cp "$(1)"/target/$(2)-*-lambda.jar "$(ARTIFACTS_DIR)/lib/"
endef

.PHONY: build-ScheduleSyncFunction build-CheckerFunction build-TransferFunction build-TickFunction

build-ScheduleSyncFunction:
	$(call lambda_jar,functions/schedule-sync,schedule-sync)

build-CheckerFunction:
	$(call lambda_jar,functions/checker,checker)

build-TransferFunction:
	$(call lambda_jar,functions/transfer,transfer)

build-TickFunction:
	$(call lambda_jar,functions/tick,tick)
