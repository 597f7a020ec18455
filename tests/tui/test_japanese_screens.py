"""Every screen under `--lang ja` (issue 11): the screens' own text is Japanese, fits the
terminal, and the footer and help speak the App's language, in one process, in either order.

The screens' own text: headings, hints, labels, buttons, footer, help rows, report headings
and columns, the leave question, notices. Panel titles, legends and the status line belong to
the charts (tests elsewhere), preset titles and explanations to the presets: the checks below
read the widgets this area draws, so a word of theirs cannot fail (or pass) these tests.
"""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static

from nntui.core.data.registry import DATASET_NAMES
from nntui.i18n import _, use_language
from nntui.i18n.cells import width
from nntui.presets import PRESETS
from nntui.tui.app import NNTuiApp
from nntui.tui.screens.confirm import ConfirmLeave
from nntui.tui.screens.dashboard import DashboardScreen
from nntui.tui.screens.help import HelpScreen, key_rows
from nntui.tui.screens.picker import PickerScreen, PresetList, SeedInput
from nntui.tui.screens.report import ReportScreen, report_renderable
from nntui.tui.screens.settings import SettingsScreen
from nntui.tui.screens.too_small import TooSmallScreen, too_small_text
from nntui.tui.sources import ReplaySource
from nntui.tui.tour import CAPTIONS, caption_for
from nntui.tui.widgets.trials_table import TrialsTable, trial_cells
from tests.i18n.english import english_words
from tests.i18n.helpers import ja
from tests.tui.helpers import dashboard_app, screen_text, sync, wait_for, widget_lines

#: What a user types and may therefore see as typed: preset, dataset and setting names (as
#: tests/i18n/test_every_screen.py allows on main).
IDENTIFIERS = ({*PRESETS, *DATASET_NAMES}
               | {p.key for preset in PRESETS.values() for p in preset.params})
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]

#: Every class whose BINDINGS the footer or the help shows.
KEYED = [NNTuiApp, PickerScreen, PresetList, SeedInput, SettingsScreen, DashboardScreen,
         ReportScreen, HelpScreen, ConfirmLeave]


def english(text: str) -> list[str]:
    return english_words(text, IDENTIFIERS)


def region_lines(app: NNTuiApp, widget: object) -> list[str]:
    """What the screen shows in `widget`'s region (children included), row by row."""
    region = widget.region  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text.rstrip()
            for y in range(region.y, region.bottom)]


def footer_text(app: NNTuiApp) -> str:
    """The footer's keys and descriptions as shown (its row of the screen), spaces
    squeezed."""
    footer = app.screen.query_one(Footer)
    row = screen_text(app).splitlines()[footer.region.y]
    return " ".join(row.split())


def assert_fits(app: NNTuiApp) -> None:
    """No screen row wider than the terminal (full-width characters count two cells)."""
    cols = app.size.width
    rows = screen_text(app).splitlines()
    assert len(rows) == app.size.height
    assert all(width(row) <= cols for row in rows), [r for r in rows if width(r) > cols]


def finished_app(name: str, size_key: str, budget: int, **kw: object) -> NNTuiApp:
    """A real preset's run trained to its end before the app starts, on digits (no
    download), opened in its dashboard in Japanese."""
    preset = PRESETS[name]
    config = preset.resolve(dataset="digits" if preset.datasets else None, seed=3,
                            typed={size_key: budget})
    run = preset.build(config)
    while not run.done:
        run.step()
    return dashboard_app(preset, config=config, run=run, lang="ja", **kw)


# -- footer and help: descriptions in the App's language ----------------------------------
def test_every_key_description_and_help_row_has_japanese() -> None:
    from nntui.tui.bindings import translated_binding

    use_language("ja")
    for cls in KEYED:
        bindings = [b for b in cls.BINDINGS if isinstance(b, Binding)]
        shown = [translated_binding(b).description for b in bindings if b.show]
        assert not english(" ".join(shown)), (cls.__name__, shown)
        rows = key_rows(bindings)
        assert rows and not english(" ".join(what for _keys, what in rows)), cls.__name__
    # The classes keep their English: the next App may speak English.
    assert [b.description for b in PickerScreen.BINDINGS] == ["Start", "Settings", "Dataset",
                                                                 "Runs"]


@sync
async def test_footer_follows_each_apps_language_in_one_process_both_orders() -> None:
    english_footer = "enter Start s Settings p Runs q Quit ? Help ▏^p Commands"
    texts = []
    for lang in ("en", "ja", "en", "ja"):
        app = NNTuiApp(lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            texts.append(footer_text(app))
            await pilot.press("q")
    en1, ja1, en2, ja2 = texts
    assert en1 == en2 == english_footer
    assert ja1 == ja2 == (f"enter {ja('Start')} s {ja('Settings')} p {ja('Runs')} "
                          f"q {ja('Quit')} "
                          f"? {ja('Help')} ▏^p {ja('Commands')}")
    assert ja("Start") != "Start" and not english(ja1)


# -- picker --------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@sync
async def test_picker_in_japanese(size) -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        own = [*widget_lines(screen.query_one("#pick-head")),
               *widget_lines(screen.query_one("#pick-hint")),
               *region_lines(app, screen.query_one("#pick-controls")), footer_text(app)]
        assert not english("\n".join(own)), own
        text = screen_text(app)
        assert ja("nntui · pick an experiment (chapter 6, Deep Learning from Scratch)") in text
        assert ja("enter start  s settings  d dataset  p runs") in text
        about = "".join("".join(widget_lines(screen.query_one("#pick-about"))).split())
        assert "".join(_("Settings (s to edit): ").split()) in about
        compares = _("{name} · compares {series}").format(
            name="optimizer-paths", series="、".join(PRESETS["optimizer-paths"].series))
        assert "".join(compares.split()) in about
        assert_fits(app)
        await pilot.press("q")


# -- settings ------------------------------------------------------------------------------
@sync
async def test_settings_in_japanese() -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen
        picker.query_one(OptionList).highlighted = list(PRESETS).index("dropout")
        await pilot.pause()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        await pilot.pause()
        form = app.screen
        head = widget_lines(form.query_one("#set-head"))
        buttons = region_lines(app, form.query_one("#set-buttons"))
        assert not english("\n".join([*head, *buttons, footer_text(app)]))
        title = ja(PRESETS["dropout"].title)
        assert head[0].strip() == ja("Settings · {title} · defaults for {dataset}").format(
            title=title, dataset="digits")
        assert ja("Book setting") in " ".join(buttons) and ja("Defaults") in " ".join(buttons)
        assert_fits(app)
        await pilot.press("ctrl+b")  # the book's setting: the heading says so
        await pilot.pause()
        assert ja("the book's exact setting") not in ja("Settings · {title} · the book's "
                                                         "exact setting")  # translated
        assert widget_lines(form.query_one("#set-head"))[0].strip() == ja(
            "Settings · {title} · the book's exact setting").format(title=title)
        await pilot.press("q")


def test_settings_without_a_dataset_names_none() -> None:
    use_language("ja")
    screen = SettingsScreen(PRESETS["optimizer-paths"])
    head = screen._head_text()
    assert "none" not in head and not english(head)
    use_language("en")
    assert SettingsScreen(PRESETS["optimizer-paths"])._head_text().endswith(" · defaults")


# -- dashboard, help, report, leave --------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@sync
async def test_dashboard_help_report_and_leave_in_japanese(size) -> None:
    app = finished_app("optimizer-race", "iterations", 30)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen)
                       and app.screen.state == "done" and app.screen.report is not None,
                       timeout=30)
        await pilot.pause()
        dash = app.screen
        head = widget_lines(dash.query_one("#dash-head"))
        assert head[0].strip() == f"{ja(dash.preset.title)} · digits · シード 3"
        assert not english(head[0]) and not english(footer_text(app))
        assert ja("Report") in footer_text(app) and ja("Pause") in footer_text(app)
        assert ja("v: final report") in dash.status_line()
        assert_fits(app)

        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        body = widget_lines(app.screen.query_one("#help-body", Static))
        keys = [line for line in body if not line.startswith(" ")]  # key rows, not wrapped
        rows = "\n".join(keys[:keys.index("")])  # up to the blank line before the panels
        assert ja("pause / resume training") in rows and not english(rows)
        panels = next(line for line in body if line.startswith(ja("panels")))
        assert panels.split(None, 1)[1] == "1:損失、2:認識精度、3:ヒストグラム、4:決定境界"
        assert not english(footer_text(app))
        assert_fits(app)
        await pilot.press("escape")

        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        await pilot.pause()
        report = widget_lines(app.screen.query_one("#report-body", Static))
        assert not english("\n".join(report)), report
        assert ja("test accuracy") in report[0] and ja("macro F1") in "".join(report)
        assert not english(footer_text(app))
        assert_fits(app)
        await pilot.press("escape")

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmLeave))
        await pilot.pause()
        box = widget_lines(app.screen.query_one("#confirm-text"))
        assert "".join("".join(box).split()).startswith(
            "".join(ja("This run has results on screen. Leave it and go back to the "
                       "picker?").split()))
        keys_line = widget_lines(app.screen.query_one("#confirm-keys"))
        assert not english("\n".join([*box, *keys_line])) and ja("Stay") == "このまま"
        # A finished run: back to the picker (学習を中断しますか？ only while it trains).
        assert app.screen.query_one(Vertical).border_title == "実験一覧に戻りますか？"
        assert_fits(app)
        await pilot.press("n")
        await pilot.press("q")


@sync
async def test_dashboard_notices_in_japanese() -> None:
    app = finished_app("optimizer-race", "iterations", 30)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen)
                       and app.screen.state == "done", timeout=30)
        await pilot.press("l", "space")  # log axis; space on an ended run explains r
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        log = app.screen.rows.panels["loss"].log_y
        assert shown == [ja("loss axis: log") if log else ja("loss axis: linear"),
                         ja("The run has ended: r restarts it with a new seed.")]
        assert not english(" ".join(shown))
        await pilot.press("q")


@sync
async def test_hidden_panels_note_and_histograms_header_in_japanese() -> None:
    app = finished_app("activation-histograms", "steps", 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen)
                       and app.screen.state == "done", timeout=30)
        panels = len(PRESETS["activation-histograms"].view.panels)  # histograms, table, …
        await pilot.press(*(str(i + 1) for i in range(panels)))
        await pilot.pause()
        note = widget_lines(app.screen.query_one("#dash-none"))
        text = " ".join(" ".join(note).split())
        assert text == ja("All panels are hidden: 1…{n} shows one again.").format(n=panels)
        assert_fits(app)
        await pilot.press("q")


def test_report_tables_in_japanese_fit_80_columns() -> None:
    import numpy as np

    from nntui.core.run import FinalReport, SeriesReport

    use_language("ja")
    conf = np.diag([5, 4]) + 1
    series = SeriesReport("Adam", 0.75, np.array([0.8, 0.7]), np.array([0.7, 0.8]),
                          np.array([0.75, 0.75]), conf)
    # A long Japanese class name: cut by cells (12 and 4), never half a character.
    report = FinalReport(("ねこねこねこねこ", "いぬ"), (series,))
    console = Console(width=80, record=True, color_system=None)
    console.print(report_renderable(report, 0, 80, train={"Adam": 0.9}))
    lines = console.export_text().splitlines()
    assert all(width(line) <= 80 for line in lines)
    text = "\n".join(lines)
    assert not english(text)
    for word in ("train acc", "gap", "precision", "recall"):
        assert ja(word) in text
    assert "ねこねこねこ │" in text and "ねこねこねこね" not in text  # cut to 12 cells
    assert "ねこ    6" in text  # 4 cells in the confusion matrix


# -- small screens, tour, replay, trials ---------------------------------------------------
def test_too_small_notice_in_japanese_fits_22_cells() -> None:
    use_language("ja")
    text = too_small_text(30, 10)
    assert text.startswith("端末が小さすぎます")
    assert "60×20" in text and "30×10" in text
    assert all(width(line) <= 22 for line in text.splitlines())
    assert not english(text.replace("q", ""))


@sync
async def test_too_small_screen_in_japanese() -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        assert "端末が小さすぎます" in screen_text(app)
        assert_fits(app)
        await pilot.press("q")


def test_tour_captions_in_japanese() -> None:
    use_language("ja")
    for stop, name in enumerate(CAPTIONS, 1):
        text = caption_for(PRESETS[name], stop, 3)
        assert text.startswith(f"デモ {stop}/3 · {ja(PRESETS[name].title)} — ")
        assert text.endswith(ja(CAPTIONS[name])) and ja(CAPTIONS[name]) != CAPTIONS[name]
        assert not english(text.split(" — ", 1)[1])


@sync
async def test_replay_dashboard_in_japanese(tmp_path) -> None:
    from nntui.pipeline.drive import TrainingDriver
    from nntui.runs.replay import load_replay
    from nntui.runs.results import write_results

    preset = PRESETS["optimizer-race"]
    config = preset.resolve(dataset="digits", seed=2, typed={"iterations": 20})
    run = preset.build(config)
    assert TrainingDriver(run).loop()
    write_results(tmp_path / "run", config, run.snapshot(), run.report())
    _preset, _config, replay = load_replay(tmp_path / "run")
    app = dashboard_app(preset, config=config, run=replay, lang="ja", frozen_clock=False)
    async with app.run_test(size=(80, 24)) as pilot:
        dash = app.screen
        assert isinstance(dash.source, ReplaySource)
        await wait_for(pilot, lambda: dash.state == "done", timeout=20)
        await pilot.pause()
        head = region_lines(app, dash.query_one("#dash-head"))[0].strip()
        assert head == f"再生 · {ja(preset.title)} · digits · シード 2"
        footer = footer_text(app)
        assert ja("Rewind") in footer and not english(footer.replace("◀", ""))
        assert_fits(app)
        await pilot.press("q")


def test_trials_table_words_in_japanese() -> None:
    from nntui.core.snapshot import Trial

    use_language("ja")
    columns = [_(c) for c in TrialsTable.COLUMNS]
    assert not english(" ".join(columns).replace("lr", ""))
    done = Trial(index=1, round=1, lr=0.01, weight_decay=1e-4, val_acc=0.9, train_acc=0.95,
                 done=True)
    assert trial_cells(done)[-1] == "完了"


@sync
async def test_a_heading_too_long_for_the_width_ends_in_an_ellipsis() -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(62, 24)) as pilot:  # the heading needs 63 cells
        await pilot.pause()
        head = region_lines(app, app.screen.query_one("#pick-head"))
        assert len(head) == 1 and head[0].endswith("…") and width(head[0]) <= 62
        assert head[0].strip().startswith(ja("nntui · pick an experiment (chapter 6, Deep "
                                             "Learning from Scratch)")[:20])
        await pilot.press("q")


@sync
async def test_picker_controls_show_the_longest_dataset_whole_at_80x24() -> None:
    app = NNTuiApp(lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one(OptionList).highlighted = list(PRESETS).index("weight-decay")
        await pilot.pause()
        await pilot.press("d", "d")  # digits -> mnist -> fashion-mnist
        await pilot.pause()
        assert app.session.datasets["weight-decay"] == "fashion-mnist"
        row = region_lines(app, app.screen.query_one("#pick-controls"))[1]
        assert "fashion-mnist" in row and "シード" in row
        await pilot.press("q")


def test_no_terminal_message_in_japanese(monkeypatch, capsys) -> None:
    import nntui.tui.launch
    from nntui.pipeline.exit_codes import EXIT_USAGE

    monkeypatch.setattr(nntui.tui.launch, "has_terminal", lambda: False)
    code = nntui.tui.launch.run_app(choices=None, lang="ja", out=None, data_dir=None)
    assert code == EXIT_USAGE
    assert ja("the dashboard needs a terminal; use `nntui run PRESET --headless` "
              "instead") in capsys.readouterr().err
