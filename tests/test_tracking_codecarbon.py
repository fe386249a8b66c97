"""The CodeCarbon wrapper with a real (offline) tracker: rows, run_ids, failures."""

from __future__ import annotations

import csv

import pytest

from models_tf.tracking import EmissionsMissingWarning, emissions_tracker


def read_rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_row_is_written_when_the_body_raises(tmp_path):
    with pytest.raises(RuntimeError, match="boom"):
        with emissions_tracker("crash_run1", results_dir=tmp_path) as (tracker, csv_path):
            raise RuntimeError("boom")
    rows = read_rows(csv_path)
    assert len(rows) == 1
    assert rows[0]["project_name"] == "crash_run1"
    assert rows[0]["run_id"] == tracker.run_id
    assert tracker.status == "measured"


def test_row_is_written_on_ctrl_c(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with emissions_tracker("interrupted", results_dir=tmp_path) as (_, csv_path):
            raise KeyboardInterrupt
    assert len(read_rows(csv_path)) == 1


def test_flushes_append_cumulative_rows_of_one_run_id(tmp_path):
    with emissions_tracker("epochs", results_dir=tmp_path, country_iso_code="DNK") as (
        tracker,
        csv_path,
    ):
        snapshots = [tracker.flush() for _ in range(3)]
    rows = read_rows(csv_path)
    assert len(rows) == 4  # three flushes and the final stop
    assert {row["run_id"] for row in rows} == {tracker.run_id}
    assert {row["country_iso_code"] for row in rows} == {"DNK"}
    for column in ("duration", "emissions", "energy_consumed"):
        values = [float(row[column]) for row in rows]
        assert values == sorted(values), column
    assert [float(row["emissions"]) for row in rows[:3]] == [s["emissions_kg"] for s in snapshots]


def test_reexecution_appends_a_new_run_id(tmp_path):
    run_ids = []
    for _ in range(2):
        with emissions_tracker("again", results_dir=tmp_path) as (tracker, csv_path):
            pass
        run_ids.append(tracker.run_id)
    assert [row["run_id"] for row in read_rows(csv_path)] == run_ids
    assert run_ids[0] != run_ids[1]


def test_codecarbon_failure_does_not_break_the_body(tmp_path, monkeypatch):
    import codecarbon

    class Broken:
        def __init__(self, **kwargs):
            raise OSError("no power sensors here")

    monkeypatch.setattr(codecarbon, "OfflineEmissionsTracker", Broken)
    ran = []
    with pytest.warns(EmissionsMissingWarning, match="no power sensors here"):
        with emissions_tracker("broken", results_dir=tmp_path) as (tracker, csv_path):
            ran.append(tracker.flush())
    assert ran == [None]
    assert tracker.status.startswith("missing: ") and "no power sensors here" in tracker.status
    assert not csv_path.exists()


def test_swallowed_stop_failure_is_reported(tmp_path, monkeypatch):
    # CodeCarbon catches its own exceptions: a stop that writes nothing must still show up.
    from codecarbon.emissions_tracker import BaseEmissionsTracker

    monkeypatch.setattr(BaseEmissionsTracker, "_persist_data", _raise_disk_full)
    with pytest.warns(EmissionsMissingWarning):
        with emissions_tracker("nodisk", results_dir=tmp_path) as (tracker, _):
            assert tracker.flush() is None
    assert tracker.status.startswith("missing: ")
    assert "disk full" in tracker.status


def _raise_disk_full(self, *args, **kwargs):
    raise OSError("disk full")


def test_epoch_callback_records_cumulative_snapshots(tmp_path):
    from models_tf.callbacks import EmissionsFlushCallback

    with emissions_tracker("cb", results_dir=tmp_path) as (tracker, csv_path):
        callback = EmissionsFlushCallback(tracker)
        for epoch in range(2):
            callback.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "val_loss": 2.0})
    rows = read_rows(csv_path)
    assert [h["epoch"] for h in callback.history] == [1, 2]
    assert [h["emissions_kg"] for h in callback.history] == [
        float(r["emissions"]) for r in rows[:2]
    ]
    assert [h["energy_kwh"] for h in callback.history] == [
        float(r["energy_consumed"]) for r in rows[:2]
    ]
    assert callback.history[1]["loss"] == 0.5


def test_epoch_callback_accepts_a_plain_codecarbon_tracker(tmp_path):
    from codecarbon import OfflineEmissionsTracker

    from models_tf.callbacks import EmissionsFlushCallback

    tracker = OfflineEmissionsTracker(
        output_dir=str(tmp_path), country_iso_code="DEU", log_level="error"
    )
    tracker.start()
    callback = EmissionsFlushCallback(tracker)
    callback.on_epoch_end(0, {"loss": 1.0})
    tracker.stop()
    assert callback.history[0]["emissions_kg"] >= 0
    assert callback.history[0]["energy_kwh"] is not None


def test_the_codecarbon_adapter_reads_the_installed_version(tmp_path):
    """The internals `models_tf/codecarbon_adapter.py` reads exist, on a real tracker, in the
    installed CodeCarbon, whose version lies in the supported range."""
    from importlib.metadata import version

    from codecarbon import OfflineEmissionsTracker

    from models_tf import codecarbon_adapter

    assert codecarbon_adapter.version_supported(version("codecarbon")), version("codecarbon")
    tracker = OfflineEmissionsTracker(
        country_iso_code="DNK", output_dir=str(tmp_path), log_level="error"
    )
    assert codecarbon_adapter.started(tracker) is False
    tracker.start()
    try:
        assert codecarbon_adapter.started(tracker) is True
        assert isinstance(codecarbon_adapter.start_time(tracker), float)
        tracker.flush()
        assert codecarbon_adapter.energy_kwh(tracker) >= 0.0
    finally:
        tracker.stop()
    assert not codecarbon_adapter.version_supported("4.0.0")
