# make install PREFIX=/usr/local [DESTDIR=...]: the release binary, the shell integration,
# completions where bash-completion, zsh and fish look for them, and the man page.
# make uninstall removes exactly those files, and the folders they leave empty below PREFIX.
# ROLESH_BINARY=path installs that binary instead of building the release one.

PREFIX ?= /usr/local
DESTDIR ?=
ROLESH_BINARY ?=
root = $(DESTDIR)$(PREFIX)
binary = $(or $(ROLESH_BINARY),.build/release/rolesh)

# Folders install creates below PREFIX, deepest first (the order uninstall removes them in).
folders = bin share/rolesh share/bash-completion/completions share/bash-completion \
	share/zsh/site-functions share/zsh share/fish/vendor_completions.d share/fish \
	share/man/man1 share/man share

# The integration scripts: one per shell that has one (shell/ is their one home).
scripts = $(notdir $(wildcard shell/rolesh.*))

.PHONY: install uninstall release bench deb

# The one release build every script uses. --disable-local-rpath: the binary needs no
# $ORIGIN search path (the Swift stdlib is static), and with one the loader probed ~20
# folders below .build for libsodium at every start.
release:
	swift build -c release --static-swift-stdlib --disable-local-rpath --product rolesh

install: $(if $(ROLESH_BINARY),,release)
	install -d $(foreach folder,$(folders),"$(root)/$(folder)")
	install -m 0755 "$(binary)" "$(root)/bin/rolesh"
	install -m 0644 $(addprefix shell/,$(scripts)) "$(root)/share/rolesh/"
	install -m 0644 completions/rolesh.bash "$(root)/share/bash-completion/completions/rolesh"
	install -m 0644 completions/_rolesh "$(root)/share/zsh/site-functions/_rolesh"
	install -m 0644 completions/rolesh.fish "$(root)/share/fish/vendor_completions.d/rolesh.fish"
	install -m 0644 man/rolesh.1 "$(root)/share/man/man1/rolesh.1"

uninstall:
	rm -f "$(root)/bin/rolesh" $(foreach script,$(scripts),"$(root)/share/rolesh/$(script)") \
		"$(root)/share/bash-completion/completions/rolesh" \
		"$(root)/share/zsh/site-functions/_rolesh" "$(root)/share/fish/vendor_completions.d/rolesh.fish" \
		"$(root)/share/man/man1/rolesh.1"
	for folder in $(folders); do \
		if [ -d "$(root)/$$folder" ]; then rmdir --ignore-fail-on-non-empty "$(root)/$$folder"; fi; \
	done

# Wall time and peak RSS of rolesh against awsume, the aws CLI and its floors; writes
# Benchmarks/RESULTS.md and Benchmarks/ratios.png.
bench:
	Benchmarks/bench

# rolesh_VERSION_ARCH.deb in DEB_OUTPUT (scripts/build-deb; ROLESH_BINARY= packages that binary).
DEB_OUTPUT ?= .build/deb
deb:
	ROLESH_BINARY="$(ROLESH_BINARY)" scripts/build-deb "$(DEB_OUTPUT)"
