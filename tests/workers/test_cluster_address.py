"""``--cluster`` addresses are checked before anything is read: local:N, or any address Dask takes."""

from __future__ import annotations

import pytest

from newsledger.workers import ClusterUnavailable, check_cluster_address


@pytest.mark.parametrize(
    "address",
    ["local:1", "local:64", "tcp://127.0.0.1:8786", "tcp://[::1]:8786", "[fe80::1]:8786", "sched:8786", "tls://a.b:1"],
)
def test_addresses_dask_takes_are_taken(address: str) -> None:
    check_cluster_address(address)


@pytest.mark.parametrize("address", ["local:0", "local:65", "local:two", "tcp://host name:1", "tcp://[::1", "a/b:1", ""])
def test_other_addresses_are_refused_in_one_line(address: str) -> None:
    with pytest.raises(ClusterUnavailable) as refused:
        check_cluster_address(address)
    assert "\n" not in str(refused.value) and "local:N" in str(refused.value)
