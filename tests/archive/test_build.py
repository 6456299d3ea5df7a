"""Incident building on reports written in code: fusion, separation, figures, timeline, stable ids."""

from __future__ import annotations

from datetime import timedelta

from test_build_helpers import facebook_week, news, slack_day, status, t

from archive.build import build_incidents
from archive.records import Incident, OutageReport, StatusIncident
from archive.reports import report_from_status
from archive.store import Store

NOW = t(2026, 1, 1)


def _load(store: Store, reports: list[OutageReport], incidents: list[StatusIncident] = ()) -> None:  # type: ignore[assignment]
    for r in reports:
        store.upsert_report(r)
    for si in incidents:
        store.upsert_status_incident(si)


def _by_url(incidents: list[Incident]) -> dict[str, Incident]:
    return {src.url: inc for inc in incidents for src in inc.sources}


def test_multi_source_outage_is_one_incident_and_a_later_one_stays_apart(store: Store) -> None:
    reports, statuses = facebook_week()
    _load(store, reports, statuses)
    summary = build_incidents(store, now=NOW)
    incidents = store.incidents()
    assert summary.created == len(incidents) == 2
    by_url = _by_url(incidents)
    oct4 = by_url["https://wire-a.test/fb-down"]
    oct8 = by_url["https://wire-b.test/instagram-down-again"]
    assert oct4.id != oct8.id
    assert {s.url for s in oct4.sources} == {
        "https://wire-a.test/fb-down", "https://wire-b.test/meta-apps-dark", "https://wire-c.test/whatsapp-down",
        "https://wire-d.test/why-facebook-vanished", "https://metastatus.test/incidents/fb20211004"}
    assert {s.url for s in oct8.sources} == {"https://wire-b.test/instagram-down-again",
                                              "https://wire-a.test/insta-second-outage"}
    assert "https://wire-a.test/meta-earnings" not in by_url  # not an outage: no incident
    assert (oct4.service, oct4.company, oct4.slug) == ("Facebook", "Meta", "facebook-2021-10-04")
    assert (oct8.service, oct8.slug) == ("Instagram", "instagram-2021-10-08")
    assert {"Instagram", "WhatsApp", "Messenger"} <= set(oct4.services)
    kinds = {s.url: s.kind for s in oct4.sources}
    assert kinds["https://metastatus.test/incidents/fb20211004"] == "status"
    assert all(s.publisher and s.published for s in oct4.sources)


def test_conflicting_figures_are_kept_with_the_rule_that_chose(store: Store) -> None:
    reports, statuses = facebook_week()
    _load(store, reports, statuses)
    build_incidents(store, now=NOW)
    inc = _by_url(store.incidents())["https://wire-a.test/fb-down"]
    assert inc.official_start == t(2021, 10, 4, 15, 51)
    assert inc.reported_start == t(2021, 10, 4, 15, 39)
    assert inc.started_at == t(2021, 10, 4, 15, 39)
    assert inc.ack_lag_minutes == 26  # first status update 16:05 minus earliest reported start 15:39
    assert inc.ended_at == t(2021, 10, 4, 21, 40) and inc.status == "resolved"
    assert inc.duration_minutes == 361
    starts = {v["source_url"]: v["value"] for v in inc.figures["start"]["values"]}
    assert starts["https://wire-b.test/meta-apps-dark"] == "2021-10-04T15:45:00Z"
    assert "earliest" in inc.figures["start"]["rule"]
    ends = {v["value"] for v in inc.figures["end"]["values"]}
    assert ends == {"2021-10-04T21:40:00Z", "2021-10-04T21:45:00Z", "2021-10-04T21:50:00Z"}
    assert inc.figures["end"]["rule"].startswith("resolution time")
    durations = sorted(v["value"] for v in inc.figures["duration_minutes"]["values"])
    assert durations == [349, 360, 371]  # status (computed), Wire B (stated), Wire D (from its start/end)
    peaks = {c["region"]: c for c in inc.report_counts}
    assert peaks["United States"]["count"] == 120000
    assert peaks["United States"]["source_url"] == "https://wire-b.test/meta-apps-dark"
    assert peaks["United States"]["as_of"] == "2021-10-04T17:00:00Z"
    assert peaks[None]["count"] == 10_600_000
    assert len(inc.figures["report_counts"]["values"]) == 3  # the lower US figure is kept, not dropped
    assert inc.error_messages == ["Sorry, something went wrong"]
    assert inc.causes[0] == "bgp_routing" and set(inc.causes) == {"bgp_routing", "dns", "config_change"}
    assert {"United States", "India", "Brazil", "United Kingdom"} == set(inc.regions) and inc.global_


def test_timeline_is_ordered_with_status_states_and_sources(store: Store) -> None:
    reports, statuses = facebook_week()
    _load(store, reports, statuses)
    build_incidents(store, now=NOW)
    inc = _by_url(store.incidents())["https://wire-a.test/fb-down"]
    times = [e.at for e in inc.timeline]
    assert times == sorted(times)
    states = [e.state for e in inc.timeline if e.kind == "status_update"]
    assert states == ["investigating", "identified", "monitoring", "resolved"]
    kinds = [e.kind for e in inc.timeline]
    assert kinds[0] == "start" and kinds[-1] == "news" and "end" in kinds
    assert kinds.count("first_report") == 1
    first = next(e for e in inc.timeline if e.kind == "first_report")
    assert first.source_url == "https://wire-a.test/fb-down" and first.at == t(2021, 10, 4, 16, 30)
    peak = next(e for e in inc.timeline if e.kind == "report_peak" and "120,000" in e.text)
    assert peak.at == t(2021, 10, 4, 17, 0) and peak.source_url == "https://wire-b.test/meta-apps-dark"
    assert all(e.source_url for e in inc.timeline)


def test_two_outages_of_one_service_on_one_day_stay_apart(store: Store) -> None:
    _load(store, slack_day())
    build_incidents(store, now=NOW)
    incidents = sorted(store.incidents(service="Slack"), key=lambda i: i.started_at)
    assert [i.slug for i in incidents] == ["slack-2022-02-22", "slack-2022-02-22-2", "slack-2022-03-01"]
    morning, afternoon, later = ({s.url for s in i.sources} for i in incidents)
    assert morning == {"https://wire-a.test/slack-morning", "https://wire-b.test/slack-morning-2"}
    # the day-only article written at 18:00 belongs to the outage that had begun by then
    assert afternoon == {"https://wire-a.test/slack-afternoon", "https://wire-c.test/slack-again"}
    assert later == {"https://wire-c.test/slack-next-week"}


def test_disjoint_places_fuse_only_when_times_overlap(store: Store) -> None:
    _load(store, [
        news("https://w.test/aws-va", "AWS", t(2021, 12, 7, 17), t(2021, 12, 7, 15, 30),
             end=t(2021, 12, 7, 16, 30), end_precision="minute", regions=["Virginia"]),
        news("https://w.test/aws-ie", "Amazon Web Services", t(2021, 12, 7, 18), t(2021, 12, 7, 17, 0),
             regions=["Ireland"]),
        news("https://w.test/alexa", "Alexa", t(2021, 12, 7, 18), t(2021, 12, 7, 15, 45), regions=["Virginia"]),
        news("https://w.test/aws-global", "AWS", t(2021, 12, 7, 19), t(2021, 12, 7, 16, 0),
             regions=["Japan"]),
    ])
    build_incidents(store, now=NOW)
    by_url = _by_url(store.incidents())
    assert by_url["https://w.test/aws-va"].id == by_url["https://w.test/alexa"].id  # same company, same time
    assert by_url["https://w.test/aws-va"].id == by_url["https://w.test/aws-global"].id  # overlapping times
    assert by_url["https://w.test/aws-ie"].id != by_url["https://w.test/aws-va"].id  # nearby, elsewhere
    assert by_url["https://w.test/aws-va"].service == "Amazon Web Services"


def test_distinct_status_incidents_never_fuse_but_one_incident_from_two_feeds_does(store: Store) -> None:
    api = status("abc123xyz", "GitHub", t(2022, 6, 1, 9, 40), t(2022, 6, 1, 10, 28), title="Actions degraded",
                 host="www.githubstatus.test", updates=[(t(2022, 6, 1, 9, 40), "investigating", "Looking."),
                                                        (t(2022, 6, 1, 10, 28), "resolved", "Fixed.")])
    atom = status("abc123xyz", "GitHub", t(2022, 6, 1, 9, 40), t(2022, 6, 1, 10, 28), title="Actions degraded",
                  host="www.githubstatus.test", platform="statuspage-atom", external_id="Incident/1018",
                  updates=[(t(2022, 6, 1, 9, 40), "investigating", "Looking."),
                           (t(2022, 6, 1, 10, 28), "resolved", "Fixed.")])
    other = status("def456uvw", "GitHub", t(2022, 6, 1, 9, 50), t(2022, 6, 1, 11, 0), title="Pages degraded",
                   host="www.githubstatus.test")
    _load(store, [], [api, atom, other])
    build_incidents(store, now=NOW)
    incidents = store.incidents(service="GitHub")
    assert len(incidents) == 2
    fused = next(i for i in incidents if "actions" in " ".join(e.text for e in i.timeline).lower()
                 or len(i.report_ids) == 2)
    assert len(fused.report_ids) == 2 and len(fused.sources) == 1  # one URL, seen through two feeds
    assert [e.state for e in fused.timeline if e.kind == "status_update"] == ["investigating", "resolved"]


def test_incremental_builds_equal_a_full_build_and_keep_ids(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reports, statuses = facebook_week()
    everything = sorted(reports + [report_from_status(s) for s in statuses] + slack_day(),
                        key=lambda r: r.published or r.start)
    ids_seen: dict[str, str] = {}
    for pos in range(0, len(everything), 3):
        _load(store, everything[pos:pos + 3])
        build_incidents(store, now=NOW)
        for inc in store.incidents():
            for src in inc.sources:  # once a source belongs to an incident, its id and slug never change
                ids_seen.setdefault(src.url, inc.id)
                assert ids_seen[src.url] == inc.id
    incremental = [i.as_dict() for i in store.incidents()]
    again = build_incidents(store, full=True, now=NOW)
    assert again.created == again.deleted == again.updated == 0
    assert [i.as_dict() for i in store.incidents()] == incremental
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        _load(fresh, everything)
        build_incidents(fresh, full=True, now=NOW)
        full = [i.as_dict() for i in fresh.incidents()]
    finally:
        fresh.close()
    strip = [{k: v for k, v in d.items() if k != "report_ids"} for d in full]  # row ids differ per store
    assert strip == [{k: v for k, v in d.items() if k != "report_ids"} for d in incremental]


def test_new_source_joins_existing_incident_and_moved_report_leaves(store: Store) -> None:
    reports, statuses = facebook_week()
    _load(store, reports, statuses)
    build_incidents(store, now=NOW)
    before = {i.id: i for i in store.incidents()}
    late = news("https://wire-e.test/facebook-post-mortem", "Facebook", t(2021, 10, 6, 8), t(2021, 10, 4, 15, 40),
                publisher="Wire E", causes=["config_change"])
    store.upsert_report(late)
    summary = build_incidents(store, now=NOW)
    assert (summary.created, summary.updated, summary.deleted) == (0, 1, 0)
    after = _by_url(store.incidents())
    assert after[late.source_url].id in before
    assert after[late.source_url].slug == "facebook-2021-10-04"
    # re-extraction moves the day-only Instagram article to another service: it leaves the Meta incident
    moved = news("https://wire-a.test/insta-second-outage", "Slack", t(2021, 10, 9, 1, 0), t(2021, 10, 8),
                 precision="day", publisher="Wire A")
    store.upsert_report(moved)
    summary = build_incidents(store, now=NOW)
    assert summary.created == 1 and summary.updated == 1
    by_url = _by_url(store.incidents())
    assert by_url[moved.source_url].service == "Slack"
    assert moved.source_url not in {s.url for s in by_url["https://wire-b.test/instagram-down-again"].sources}
    nothing = build_incidents(store, now=NOW)
    assert nothing.created == nothing.updated == nothing.deleted == 0


def test_ongoing_incident_without_end(store: Store) -> None:
    _load(store, [news("https://w.test/zoom-now", "Zoom", NOW - timedelta(hours=1), NOW - timedelta(hours=2))])
    build_incidents(store, now=NOW)
    (inc,) = store.incidents(service="Zoom")
    assert inc.status == "ongoing" and inc.ended_at is None and inc.duration_minutes is None
    store.upsert_report(news("https://w.test/zoom-back", "Zoom", NOW + timedelta(minutes=30),
                             NOW - timedelta(hours=2), end=NOW, end_precision="minute"))
    build_incidents(store, now=NOW + timedelta(hours=1))
    (inc,) = store.incidents(service="Zoom")
    assert inc.status == "resolved" and inc.ended_at == NOW and inc.duration_minutes == 120


def test_report_from_status_and_services_table(store: Store) -> None:
    _, statuses = facebook_week()
    report = report_from_status(statuses[0])
    assert report.source_kind == "status" and report.external_id == "statuspage:fb20211004"
    assert (report.start, report.end) == (t(2021, 10, 4, 15, 51), t(2021, 10, 4, 21, 40))
    assert report.company == "Meta" and report.duration_minutes == 349
    assert [u.status for u in report.status_updates][-1] == "investigating"
    assert report.evidence["start"] == ["We are aware some people cannot reach our apps."]
    _load(store, [], statuses)
    build_incidents(store, now=NOW)
    assert store.counts()["services"] == 1 and store.counts()["reports"] == 1


def test_cloud_incident_behind_an_app_outage_joins_it_even_when_it_arrives_later(store: Store) -> None:
    discord = [
        news("https://w.test/discord-down", "Discord", t(2022, 3, 8, 18, 40), t(2022, 3, 8, 18, 5),
             services=["Discord", "Spotify"], title="Discord and Spotify down"),
        news("https://w.test/discord-cause", "Discord", t(2022, 3, 8, 21, 15), t(2022, 3, 8, 18, 5),
             end=t(2022, 3, 8, 19, 10), end_precision="minute", title="Discord outage traced to Google Cloud"),
    ]
    _load(store, discord, [status("dsc1", "Discord", t(2022, 3, 8, 18, 10), t(2022, 3, 8, 19, 5),
                                  host="discordstatus.test")])
    build_incidents(store, now=NOW)
    (first,) = store.incidents()
    gcp = status("gcp1", "Google Cloud", t(2022, 3, 8, 17, 45), t(2022, 3, 8, 19, 30), host="gcloud.test",
                 platform="gcp", title="Elevated HTTP 500 errors")
    unrelated = status("gcp2", "GCP", t(2022, 3, 15, 9, 0), t(2022, 3, 15, 10, 0), host="gcloud.test",
                       platform="gcp", title="Cloud SQL creation failing")
    _load(store, [], [gcp, unrelated])
    summary = build_incidents(store, now=NOW)
    incidents = store.incidents()
    assert len(incidents) == 2 and summary.created == 1  # the unrelated one only
    joined = _by_url(incidents)["https://gcloud.test/incidents/gcp1"]
    assert joined.id == first.id and joined.service == "Discord" and "Google Cloud" in joined.services
    assert joined.official_start == t(2022, 3, 8, 17, 45)
    assert _by_url(incidents)["https://gcloud.test/incidents/gcp2"].service == "Google Cloud"


def test_story_about_a_victim_site_joins_the_provider_outage(store: Store) -> None:
    _load(store, [
        news("https://w.test/fastly-1", "Fastly", t(2021, 6, 8, 11), t(2021, 6, 8, 9, 47), end=t(2021, 6, 8, 10, 36),
             end_precision="minute"),
        news("https://w.test/fastly-2", "Fastly", t(2021, 6, 8, 18), t(2021, 6, 8, 9, 47)),
        news("https://w.test/govuk", "GOV.UK", t(2021, 6, 8, 10, 25), t(2021, 6, 8, 9, 50),
             title="Fastly outage takes down GOV.UK and news sites", regions=["United Kingdom"]),
        news("https://w.test/govuk-later", "GOV.UK", t(2021, 6, 20, 10, 25), t(2021, 6, 20, 9, 50),
             title="GOV.UK slow for an hour", regions=["United Kingdom"]),
    ])
    build_incidents(store, now=NOW)
    by_url = _by_url(store.incidents())
    assert by_url["https://w.test/govuk"].id == by_url["https://w.test/fastly-1"].id
    assert by_url["https://w.test/govuk"].service == "Fastly"
    assert by_url["https://w.test/govuk-later"].id != by_url["https://w.test/fastly-1"].id


def test_misread_date_at_the_same_clock_time_is_recognised(store: Store) -> None:
    _load(store, [
        news("https://w.test/optus-explained", "Optus", t(2023, 11, 13, 11), t(2023, 11, 7, 17, 5),
             end=t(2023, 11, 8, 5), end_precision="minute"),
        # published during the outage, but its "Wednesday" was resolved a week too early
        news("https://w.test/optus-live", "Optus", t(2023, 11, 7, 23), t(2023, 10, 31, 17, 0),
             end=t(2023, 10, 31, 21), end_precision="minute"),
        # a genuine look back at an older outage, published later: not at a running outage's clock time
        news("https://w.test/optus-history", "Optus", t(2023, 11, 20, 9), t(2023, 9, 1, 2, 0)),
    ])
    build_incidents(store, now=NOW)
    by_url = _by_url(store.incidents())
    main = by_url["https://w.test/optus-explained"]
    assert by_url["https://w.test/optus-live"].id == main.id
    assert by_url["https://w.test/optus-history"].id != main.id
    assert main.started_at == t(2023, 11, 7, 17, 5) and main.ended_at == t(2023, 11, 8, 5)
    unused = [v for v in main.figures["start"]["values"] if not v["used"]]
    assert [v["source_url"] for v in unused] == ["https://w.test/optus-live"]  # kept, but not used


def test_nothing_changed_means_nothing_rebuilt(store: Store) -> None:
    import time

    reports, statuses = facebook_week()
    _load(store, reports, statuses)
    build_incidents(store, now=NOW)
    time.sleep(1.1)  # stamps have one-second resolution: writes in the build's own second count as new
    build_incidents(store, now=NOW)
    again = build_incidents(store, now=NOW)
    assert again.groups_rebuilt == 0 and again.created == again.updated == again.deleted == 0
    store.upsert_report(news("https://w.test/slack", "Slack", t(2022, 1, 1, 12), t(2022, 1, 1, 11)))
    one = build_incidents(store, now=NOW)
    assert one.groups_rebuilt == 1 and one.created == 1 and one.unchanged == 0


def test_cli_build_and_incidents_json(config) -> None:  # type: ignore[no-untyped-def]
    import json

    from click.testing import CliRunner

    from archive.cli import cli

    with Store.open(config) as own:
        _load(own, slack_day())
    runner = CliRunner()
    base = ["--data-dir", str(config.data_path)]
    built = runner.invoke(cli, [*base, "build", "--full"])
    assert built.exit_code == 0, built.output
    assert "3 incidents in the archive" in built.output
    out = runner.invoke(cli, [*base, "incidents", "--service", "slack", "--format", "json"])
    assert out.exit_code == 0, out.output
    incidents = json.loads(out.output)
    assert [i["slug"] for i in incidents] == ["slack-2022-03-01", "slack-2022-02-22-2", "slack-2022-02-22"]
    first = incidents[-1]
    assert first["started_at"] == "2022-02-22T08:00:00Z" and first["ended_at"] == "2022-02-22T09:10:00Z"
    assert first["duration_minutes"] == 70 and first["status"] == "resolved"
    assert {s["url"] for s in first["sources"]} == {"https://wire-a.test/slack-morning",
                                                   "https://wire-b.test/slack-morning-2"}
    assert all(s["kind"] == "news" and s["publisher"] and s["published"] for s in first["sources"])
    assert all(e["at"].endswith("Z") and e["source_url"] for e in first["timeline"])
    none = runner.invoke(cli, [*base, "incidents", "--service", "Zoom"])
    assert none.exit_code == 0 and "No incidents." in none.output


def test_two_reports_moving_to_one_group_leave_both_old_incidents(store: Store) -> None:
    _load(store, [
        news("https://w.test/a", "Zoom", t(2022, 5, 1, 12), t(2022, 5, 1, 10)),
        news("https://w.test/b", "Dropbox", t(2022, 6, 1, 12), t(2022, 6, 1, 10)),
        news("https://w.test/c", "Spotify", t(2022, 7, 1, 12), t(2022, 7, 1, 10)),
    ])
    build_incidents(store, now=NOW)
    before = {url: inc.id for url, inc in _by_url(store.incidents()).items()}
    for url, day in (("https://w.test/a", 1), ("https://w.test/b", 2)):  # re-extracted as Spotify stories
        store.upsert_report(news(url, "Spotify", t(2022, 7, day, 12), t(2022, 7, day, 10)))
    build_incidents(store, now=NOW)
    incidents = store.incidents()
    assert sorted(i.slug for i in incidents) == ["spotify-2022-07-01", "spotify-2022-07-02"]
    assert sum(len(i.sources) for i in incidents) == 3  # every source in exactly one incident
    joined = _by_url(incidents)["https://w.test/a"]
    assert joined.id == before["https://w.test/c"]  # the Spotify incident keeps its id, not Zoom's
