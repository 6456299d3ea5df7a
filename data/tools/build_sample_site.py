#!/usr/bin/env python3
"""Build the offline "sample web" used by Outage Archive tests.

Reads hand-written sources from data/sample-site-src/ and renders static files
into data/sample-site/ plus the ground-truth file tests/data/sample_site_truth.json.

Stdlib only, deterministic (no clock, no randomness): re-running it on the same
sources produces byte-identical output.

Every absolute URL is written as ``__BASE__/...``; the test server replaces
``__BASE__`` with its own origin in every text response.  ``--serve PORT`` runs
such a server for manual browsing.

Source formats
--------------
articles/<publisher>/<slug>.md::

    publisher: packet-ledger
    slug: facebook-instagram-whatsapp-down
    title: Facebook, Instagram and WhatsApp go dark worldwide
    author: Dana Whitfield
    published: 2021-10-04T16:58Z        (UTC; rendered in the publisher's zone)
    updated: 2021-10-04T19:10Z           (optional)
    tags: Facebook, Instagram, Outages
    outage: facebook-2021-10-04          (or "none" for non-outage stories)
    ---
    First paragraph (the lede).

    ## A sub-heading

    > "A quoted paragraph," said someone.

outages.json      list of ground-truth outages (key, service, company, start_utc, end_utc, status_incidents)
publishers.json   publisher settings (name, zone, feed kind, json-ld, news sitemap)
status/statuspage-<svc>.json, status/gcloud.json, status/aws-ec2-us-east-1.json
"""
import argparse
import hashlib
import html
import json
import os
import re
import shutil
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "data", "sample-site-src")
OUT = os.path.join(ROOT, "data", "sample-site")
TRUTH = os.path.join(ROOT, "tests", "data", "sample_site_truth.json")
B = "__BASE__"

esc = html.escape


def xesc(s):
    return html.escape(s, quote=True)


def write(rel, text):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def parse_utc(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    d = datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.astimezone(timezone.utc)


def iso(d):
    return d.isoformat(timespec="seconds")


def zulu(d, ms=False):
    d = d.astimezone(timezone.utc)
    if ms:
        return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc822(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S %z")


def code_for(*parts, n=12):
    """Deterministic Statuspage-like id (lowercase base36)."""
    h = int(hashlib.sha256("|".join(parts).encode()).hexdigest(), 16)
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    for _ in range(n):
        h, r = divmod(h, 36)
        out.append(alphabet[r])
    return "".join(out)


def num_for(*parts, digits=8):
    h = int(hashlib.sha256("|".join(parts).encode()).hexdigest(), 16)
    return str(10 ** (digits - 1) + h % (9 * 10 ** (digits - 1)))


# --------------------------------------------------------------------------- articles

def load_articles(pubs):
    arts = []
    base = os.path.join(SRC, "articles")
    for pub in sorted(os.listdir(base)):
        for fn in sorted(os.listdir(os.path.join(base, pub))):
            if not fn.endswith(".md"):
                continue
            with open(os.path.join(base, pub, fn), encoding="utf-8") as f:
                raw = f.read()
            head, _, body = raw.partition("\n---\n")
            meta = {}
            for line in head.splitlines():
                if line.strip():
                    k, _, v = line.partition(":")
                    meta[k.strip()] = v.strip()
            paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
            p = pubs[meta["publisher"]]
            zone = ZoneInfo(p["zone"])
            pub_utc = parse_utc(meta["published"])
            upd_utc = parse_utc(meta["updated"]) if meta.get("updated") else None
            local = pub_utc.astimezone(zone)
            a = {
                "publisher": meta["publisher"],
                "slug": meta["slug"],
                "title": meta["title"],
                "author": meta["author"],
                "summary": meta.get("summary", ""),
                "tags": [t.strip() for t in meta.get("tags", "").split(",") if t.strip()],
                "outage": meta.get("outage", "none"),
                "published": local,
                "updated": upd_utc.astimezone(zone) if upd_utc else None,
                "paras": [" ".join(l.strip() for l in para.splitlines()) for para in paras],
            }
            assert fn == a["slug"] + ".md", fn
            a["path"] = "/news/%s/%04d/%02d/%s.html" % (a["publisher"], local.year, local.month, a["slug"])
            if not a["summary"]:
                first = a["paras"][0]
                a["summary"] = first if len(first) < 240 else first[:first.rfind(" ", 0, 230)] + "..."
            arts.append(a)
    arts.sort(key=lambda a: (a["published"].astimezone(timezone.utc), a["path"]))
    return arts


def body_html(paras, pclass=""):
    out = []
    cls = ' class="%s"' % pclass if pclass else ""
    for p in paras:
        if p.startswith("## "):
            out.append("<h2>%s</h2>" % esc(p[3:]))
        elif p.startswith("> "):
            out.append("<blockquote><p>%s</p></blockquote>" % esc(p[2:]))
        else:
            out.append("<p%s>%s</p>" % (cls, esc(p)))
    return "\n".join(out)


def tzabbr(d):
    return d.tzname()


def related_for(a, arts, n=4):
    """Links to other companies' outages, preferring the same publisher."""
    mine = a["outage"]
    cands = [x for x in arts if x is not a and x["outage"] not in ("none", mine)]
    older = [x for x in cands if x["published"] < a["published"]]
    if len({x["outage"] for x in older}) >= 3:
        cands = older  # a real site can only link to stories that already exist
    same = [x for x in cands if x["publisher"] == a["publisher"]]
    other = [x for x in cands if x["publisher"] != a["publisher"]]
    seed = int(hashlib.sha256(a["path"].encode()).hexdigest(), 16)
    pool = same + other
    picked, seen = [], set()
    i = seed
    while pool and len(picked) < n and len(seen) < len(pool):
        x = pool[i % len(pool)]
        i = i // 7 + 3 + len(picked)
        if x["path"] in seen or any(y["outage"] == x["outage"] for y in picked):
            seen.add(x["path"])
            continue
        seen.add(x["path"])
        picked.append(x)
    return picked


def jsonld(a, p):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "datePublished": iso(a["published"]),
        "dateModified": iso(a["updated"] or a["published"]),
        "author": [{"@type": "Person", "name": a["author"]}],
        "publisher": {"@type": "Organization", "name": p["name"],
                      "logo": {"@type": "ImageObject", "url": B + "/news/%s/logo.svg" % a["publisher"]}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": B + a["path"]},
        "keywords": a["tags"],
        "description": a["summary"],
    }
    return '<script type="application/ld+json">\n%s\n</script>' % json.dumps(data, indent=2, ensure_ascii=False)


def head_common(a, p, extra=""):
    t = esc(a["title"])
    h = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s | %s</title>" % (t, esc(p["name"])),
        '<meta name="description" content="%s">' % esc(a["summary"]),
        '<meta name="author" content="%s">' % esc(a["author"]),
        '<link rel="canonical" href="%s%s">' % (B, a["path"]),
        '<meta property="og:type" content="article">',
        '<meta property="og:title" content="%s">' % t,
        '<meta property="og:site_name" content="%s">' % esc(p["name"]),
        '<meta property="og:url" content="%s%s">' % (B, a["path"]),
        '<meta property="og:description" content="%s">' % esc(a["summary"]),
        '<meta property="article:published_time" content="%s">' % iso(a["published"]),
    ]
    if a["updated"]:
        h.append('<meta property="article:modified_time" content="%s">' % iso(a["updated"]))
    for tag in a["tags"]:
        h.append('<meta property="article:tag" content="%s">' % esc(tag))
    h.append('<meta name="twitter:card" content="summary_large_image">')
    h.append('<link rel="stylesheet" href="/news/%s/site.css">' % a["publisher"])
    feed = "feed.xml" if p["feed"] == "rss" else "atom.xml"
    ftype = "application/rss+xml" if p["feed"] == "rss" else "application/atom+xml"
    h.append('<link rel="alternate" type="%s" title="%s" href="%s/news/%s/%s">' % (ftype, esc(p["name"]), B, a["publisher"], feed))
    if p.get("jsonld"):
        h.append(jsonld(a, p))
    return "\n".join(h) + extra


# ---- four distinct templates -------------------------------------------------

def tpl_packet_ledger(a, p, rel):
    d = a["published"]
    when = d.strftime("%B %-d, %Y %-I:%M %p ") + tzabbr(d)
    upd = ""
    if a["updated"]:
        u = a["updated"]
        upd = '<span class="pl-updated">Updated %s</span>' % (u.strftime("%B %-d, %Y %-I:%M %p ") + tzabbr(u))
    rel_html = "\n".join('<li class="pl-related__item"><a href="%s">%s</a></li>' % (r["path"], esc(r["title"])) for r in rel)
    tags = " ".join('<a class="pl-tag" href="/news/packet-ledger/#%s">%s</a>' % (esc(re.sub(r"\W+", "-", t.lower())), esc(t)) for t in a["tags"])
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
{head_common(a, p)}
</head>
<body class="pl-body pl-article">
<div id="pl-consent" class="pl-consent" role="dialog" aria-label="Cookie consent">
  <p>The Packet Ledger uses cookies and similar technologies to measure readership and personalise advertising. <a href="/news/packet-ledger/privacy.html">Privacy policy</a></p>
  <button class="pl-consent__accept">Accept all</button> <button class="pl-consent__reject">Reject non-essential</button> <button class="pl-consent__manage">Manage preferences</button>
</div>
<header class="pl-masthead">
  <a class="pl-logo" href="/news/packet-ledger/">The Packet Ledger</a>
  <nav class="pl-nav" aria-label="Sections">
    <ul>
      <li><a href="/news/packet-ledger/">Latest</a></li>
      <li><a href="/news/packet-ledger/#outages">Outages</a></li>
      <li><a href="/news/packet-ledger/#cloud">Cloud</a></li>
      <li><a href="/news/packet-ledger/#security">Security</a></li>
      <li><a href="/news/packet-ledger/about.html">About</a></li>
    </ul>
  </nav>
  <a class="pl-subscribe" href="/news/packet-ledger/about.html#subscribe">Subscribe</a>
</header>
<main class="pl-main">
  <article class="pl-story" itemscope itemtype="https://schema.org/NewsArticle">
    <p class="pl-kicker">{esc(a["tags"][0] if a["tags"] else "News")}</p>
    <h1 class="pl-headline" itemprop="headline">{esc(a["title"])}</h1>
    <div class="pl-byline">By <a rel="author" class="pl-byline__name" href="/news/packet-ledger/about.html#staff">{esc(a["author"])}</a>
      <time class="pl-dateline" datetime="{iso(d)}" itemprop="datePublished">{esc(when)}</time> {upd}</div>
    <div class="pl-share" aria-label="Share this story">
      <button class="pl-share__btn" data-network="x" data-url="{B}{a["path"]}">Share on X</button>
      <button class="pl-share__btn" data-network="facebook" data-url="{B}{a["path"]}">Share on Facebook</button>
      <button class="pl-share__btn" data-network="linkedin" data-url="{B}{a["path"]}">Share on LinkedIn</button>
      <button class="pl-share__btn" data-network="email" data-url="{B}{a["path"]}">Email</button>
    </div>
    <div class="pl-story__body" itemprop="articleBody">
{body_html(a["paras"], "pl-para")}
    </div>
    <div class="pl-tags">{tags}</div>
  </article>
  <aside class="pl-related" aria-labelledby="pl-related-h">
    <h2 id="pl-related-h">Related stories</h2>
    <ul class="pl-related__list">
{rel_html}
    </ul>
  </aside>
  <section class="pl-comments" id="comments">
    <h2>Join the conversation</h2>
    <form class="pl-comment-form" method="post" action="/news/packet-ledger/comments">
      <input type="hidden" name="article" value="{a["path"]}">
      <label>Name <input name="name" required></label>
      <label>Comment <textarea name="body" rows="5" required></textarea></label>
      <button type="submit">Post comment</button>
    </form>
  </section>
  <section class="pl-newsletter">
    <h2>The Daily Ledger</h2>
    <p>Outages, infrastructure and the people who keep the internet running, in your inbox every weekday.</p>
    <form method="post" action="/news/packet-ledger/newsletter"><input type="email" name="email" placeholder="you@example.com"><button>Sign up</button></form>
  </section>
</main>
<footer class="pl-footer">
  <ul class="pl-footer__links">
    <li><a href="/news/packet-ledger/about.html">About us</a></li>
    <li><a href="/news/packet-ledger/privacy.html">Privacy</a></li>
    <li><a href="/news/packet-ledger/about.html#contact">Contact</a></li>
    <li><a href="{B}/news/packet-ledger/feed.xml">RSS</a></li>
  </ul>
  <p class="pl-copyright">&copy; {d.year} The Packet Ledger Media LLC. All rights reserved.</p>
</footer>
</body>
</html>
"""


def tpl_uptime_daily(a, p, rel):
    d = a["published"]
    when = d.strftime("%a %-d %b %Y %H.%M ") + tzabbr(d)
    rel_html = "\n".join('<div class="ud-card"><a class="ud-card-link" href="%s"><span class="ud-card-title">%s</span></a><span class="ud-card-meta">%s</span></div>' % (r["path"], esc(r["title"]), esc(r["published"].strftime("%-d %b %Y"))) for r in rel)
    upd = ""
    if a["updated"]:
        u = a["updated"]
        upd = '<div class="ud-lastupdated">Last modified on %s</div>' % esc(u.strftime("%a %-d %b %Y %H.%M ") + tzabbr(u))
    return f"""<!doctype html>
<html lang="en-GB">
<head>
{head_common(a, p)}
</head>
<body>
<div class="ud-cookie-bar" id="cookieBar">
  <span>We use cookies to improve your experience. Are you happy to accept cookies?</span>
  <a class="ud-cookie-yes" href="#cookieBar">Yes, I'm happy</a>
  <a class="ud-cookie-settings" href="/news/uptime-daily/privacy.html#cookies">Manage cookies</a>
</div>
<div class="ud-wrapper">
  <div class="ud-topbar">
    <div class="ud-brand"><a href="/news/uptime-daily/">Uptime<b>Daily</b></a></div>
    <div class="ud-menu">
      <a href="/news/uptime-daily/">Home</a> |
      <a href="/news/uptime-daily/#news">News</a> |
      <a href="/news/uptime-daily/#explainers">Explainers</a> |
      <a href="/news/uptime-daily/#business">Business</a> |
      <a href="/news/uptime-daily/about.html">About</a>
    </div>
  </div>
  <div class="ud-content">
    <div class="ud-headline-block">
      <h1 class="ud-title">{esc(a["title"])}</h1>
      <div class="ud-standfirst">{esc(a["summary"])}</div>
    </div>
    <div class="ud-meta">
      <div class="ud-author">{esc(a["author"])}</div>
      <div class="ud-date" data-ts="{iso(d)}">{esc(when)}</div>
      {upd}
      <div class="ud-social">
        <a class="ud-social-x" href="#share-x" data-share="{B}{a["path"]}">Post</a>
        <a class="ud-social-fb" href="#share-fb" data-share="{B}{a["path"]}">Share</a>
        <a class="ud-social-wa" href="#share-wa" data-share="{B}{a["path"]}">WhatsApp</a>
      </div>
    </div>
    <div class="ud-article-body" id="maincontent">
{body_html(a["paras"])}
    </div>
    <div class="ud-more">
      <h3 class="ud-more-title">More like this</h3>
      <div class="ud-cards">
{rel_html}
      </div>
    </div>
    <div class="ud-discussion">
      <h3>Comments</h3>
      <p class="ud-discussion-note">Comments are moderated. Please keep it civil.</p>
      <form id="ud-comment" action="/news/uptime-daily/comment" method="post">
        <input type="hidden" name="url" value="{a["path"]}">
        <input name="display_name" placeholder="Display name">
        <textarea name="comment" placeholder="Your comment"></textarea>
        <input type="submit" value="Submit">
      </form>
    </div>
    <div class="ud-signup">
      <strong>Sign up to Status Report</strong>, our free weekly roundup of what broke and why.
      <form action="/news/uptime-daily/signup" method="post"><input type="email" name="addr"><input type="submit" value="Sign me up"></form>
    </div>
  </div>
  <div class="ud-footer">
    <a href="/news/uptime-daily/about.html">About Uptime Daily</a> &middot;
    <a href="/news/uptime-daily/privacy.html">Privacy and cookies</a> &middot;
    <a href="/news/uptime-daily/about.html#complaints">Complaints</a> &middot;
    <a href="{B}/news/uptime-daily/atom.xml">Atom feed</a>
    <div class="ud-legal">&copy; {d.year} Uptime Daily Ltd. Registered in England and Wales.</div>
  </div>
</div>
</body>
</html>
"""


def tpl_signal_noise(a, p, rel):
    d = a["published"]
    when = d.strftime("%-d %B %Y, %-I:%M") + d.strftime("%p").lower() + " " + tzabbr(d)
    rel_html = "\n".join('<li><a href="%s">%s</a></li>' % (r["path"], esc(r["title"])) for r in rel)
    upd = ""
    if a["updated"]:
        u = a["updated"]
        upd = '<p class="sn__updated">Updated <time datetime="%s">%s</time></p>' % (iso(u), esc(u.strftime("%-d %B %Y, %-I:%M") + u.strftime("%p").lower() + " " + tzabbr(u)))
    return f"""<!DOCTYPE html>
<html lang="en-AU">
<head>
{head_common(a, p)}
</head>
<body class="sn">
<section class="sn__privacy-notice" data-component="consent">
  <h2 class="sn__privacy-title">Your privacy</h2>
  <p>We and our partners use cookies to deliver content and ads tailored to you. By continuing you agree to our <a href="/news/signal-and-noise/privacy.html">privacy terms</a>.</p>
  <button data-action="consent-accept">OK</button>
  <button data-action="consent-customise">Customise</button>
</section>
<nav class="sn__topnav">
  <a class="sn__wordmark" href="/news/signal-and-noise/">Signal &amp; Noise</a>
  <ol class="sn__sections">
    <li><a href="/news/signal-and-noise/">Front page</a></li>
    <li><a href="/news/signal-and-noise/#telco">Telco</a></li>
    <li><a href="/news/signal-and-noise/#platforms">Platforms</a></li>
    <li><a href="/news/signal-and-noise/#policy">Policy</a></li>
    <li><a href="/news/signal-and-noise/about.html">Masthead</a></li>
  </ol>
</nav>
<div class="sn__page">
  <div class="sn__main-column">
    <header class="sn__article-header">
      <h1 class="sn__h1">{esc(a["title"])}</h1>
      <div class="sn__attribution">
        <span class="sn__by">{esc(a["author"])}</span>
        <time class="sn__timestamp" datetime="{iso(d)}">{esc(when)}</time>
        {upd}
      </div>
      <ul class="sn__sharebar">
        <li><button data-share="facebook">Facebook</button></li>
        <li><button data-share="x">X</button></li>
        <li><button data-share="reddit">Reddit</button></li>
        <li><button data-share="copy" data-href="{B}{a["path"]}">Copy link</button></li>
      </ul>
    </header>
    <div class="sn__article-content" data-role="story-body">
{body_html(a["paras"], "sn__p")}
    </div>
    <div class="sn__comments">
      <h2>Have your say</h2>
      <form class="sn__comment-form" action="/news/signal-and-noise/comments/new" method="post">
        <input type="hidden" name="story" value="{a["path"]}">
        <textarea name="text" aria-label="Comment"></textarea>
        <button type="submit">Publish comment</button>
      </form>
    </div>
  </div>
  <div class="sn__sidebar">
    <div class="sn__related">
      <h2 class="sn__related-heading">Related stories</h2>
      <ul>
{rel_html}
      </ul>
    </div>
    <div class="sn__newsletter-box">
      <h2>Get the Signal</h2>
      <p>A morning briefing on Australian telco and tech.</p>
      <form action="/news/signal-and-noise/newsletter" method="post"><input type="email" name="email"><button>Join</button></form>
    </div>
  </div>
</div>
<footer class="sn__footer">
  <nav><a href="/news/signal-and-noise/about.html">About</a> <a href="/news/signal-and-noise/privacy.html">Privacy</a> <a href="/news/signal-and-noise/about.html#corrections">Corrections</a> <a href="{B}/news/signal-and-noise/atom.xml">Feed</a></nav>
  <small>Copyright &copy; {d.year} Signal &amp; Noise Publishing Pty Ltd</small>
</footer>
</body>
</html>
"""


def tpl_byte_courier(a, p, rel):
    d = a["published"]
    ampm = "a.m." if d.hour < 12 else "p.m."
    when = d.strftime("%b %-d, %Y at %-I:%M ") + ampm + " " + {"PDT": "PT", "PST": "PT"}.get(tzabbr(d), tzabbr(d))
    rel_html = "\n".join('<a class="bc-rail__link" href="%s">%s</a>' % (r["path"], esc(r["title"])) for r in rel)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{head_common(a, p)}
</head>
<body id="bc">
<div class="bc-gdpr" aria-live="polite">
  <div class="bc-gdpr__text">This site uses cookies. Some are essential, others help us understand how you use Byte Courier.</div>
  <div class="bc-gdpr__actions"><button id="bc-accept">Accept</button><button id="bc-decline">Decline</button></div>
</div>
<div class="bc-header">
  <div class="bc-header__logo"><a href="/news/byte-courier/">BYTE COURIER</a></div>
  <div class="bc-header__nav">
    <a class="bc-navlink" href="/news/byte-courier/">Top stories</a>
    <a class="bc-navlink" href="/news/byte-courier/#infra">Infrastructure</a>
    <a class="bc-navlink" href="/news/byte-courier/#ai">AI</a>
    <a class="bc-navlink" href="/news/byte-courier/#dev">Developers</a>
    <a class="bc-navlink" href="/news/byte-courier/about.html">About</a>
  </div>
</div>
<div class="bc-layout">
  <div class="bc-story">
    <div class="bc-story__title"><h1>{esc(a["title"])}</h1></div>
    <div class="bc-story__meta">
      <span class="bc-story__author">Written by {esc(a["author"])}</span> &bull;
      <span class="bc-story__date" title="{iso(d)}">{esc(when)}</span>
    </div>
    <div class="bc-story__social">
      <span>Share:</span>
      <button class="bc-social bc-social--x">X</button>
      <button class="bc-social bc-social--li">LinkedIn</button>
      <button class="bc-social bc-social--hn">Hacker News</button>
    </div>
    <div class="bc-story__text">
{body_html(a["paras"])}
    </div>
    <div class="bc-story__tags">Filed under: {esc(", ".join(a["tags"]))}</div>
    <div class="bc-feedback">
      <h4>Leave a reply</h4>
      <form method="post" action="/news/byte-courier/reply">
        <input type="hidden" name="post" value="{a["path"]}">
        <input type="text" name="author" placeholder="Name">
        <input type="email" name="email" placeholder="Email (not published)">
        <textarea name="reply"></textarea>
        <button type="submit">Reply</button>
      </form>
    </div>
  </div>
  <div class="bc-rail">
    <h4 class="bc-rail__head">More like this</h4>
{rel_html}
    <div class="bc-rail__newsletter">
      <h4>Courier Dispatch</h4>
      <p>The week in outages and infrastructure, every Friday.</p>
      <form action="/news/byte-courier/subscribe" method="post"><input type="email" name="e"><button>Subscribe</button></form>
    </div>
  </div>
</div>
<div class="bc-footer">
  <a href="/news/byte-courier/about.html">About</a> | <a href="/news/byte-courier/privacy.html">Privacy</a> | <a href="/news/byte-courier/about.html#tips">Send a tip</a> | <a href="{B}/news/byte-courier/feed.xml">RSS</a>
  <p>&copy; {d.year} Byte Courier Inc. &mdash; San Francisco</p>
</div>
</body>
</html>
"""


TEMPLATES = {
    "packet-ledger": tpl_packet_ledger,
    "uptime-daily": tpl_uptime_daily,
    "signal-and-noise": tpl_signal_noise,
    "byte-courier": tpl_byte_courier,
}


def simple_page(title, body, css=None):
    css_link = '<link rel="stylesheet" href="%s">\n' % css if css else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n%s</head>\n<body>\n%s\n</body>\n</html>\n"
            % (esc(title), css_link, body))


def build_publisher(slug, p, arts):
    mine = [a for a in arts if a["publisher"] == slug]
    newest_first = sorted(mine, key=lambda a: a["published"], reverse=True)
    for a in mine:
        rel = related_for(a, arts)
        write(a["path"].lstrip("/"), TEMPLATES[slug](a, p, rel))
    # index
    items = "\n".join('<li><a href="%s">%s</a> <small>%s</small></li>' % (a["path"], esc(a["title"]), iso(a["published"])) for a in newest_first)
    feedname = "feed.xml" if p["feed"] == "rss" else "atom.xml"
    write("news/%s/index.html" % slug, simple_page(
        p["name"],
        '<header><h1>%s</h1><p>%s</p><nav><a href="/">All publishers</a> | <a href="/news/%s/about.html">About</a> | <a href="%s/news/%s/%s">Feed</a></nav></header>\n<main><ul class="latest">\n%s\n</ul></main>\n<footer>&copy; %s</footer>'
        % (esc(p["name"]), esc(p["tagline"]), slug, B, slug, feedname, items, esc(p["name"])),
        "/news/%s/site.css" % slug))
    write("news/%s/about.html" % slug, simple_page(
        "About " + p["name"],
        "<h1>About %s</h1><p>%s is a fictional publication created as test data for Outage Archive. Every article is written for this sample site.</p>"
        '<h2 id="staff">Staff</h2><p>Reporters named here are invented.</p><h2 id="contact">Contact</h2><p>No real contact exists.</p><p><a href="/news/%s/">Back to %s</a></p>'
        % (esc(p["name"]), esc(p["name"]), slug, esc(p["name"])), "/news/%s/site.css" % slug))
    write("news/%s/privacy.html" % slug, simple_page(
        p["name"] + " privacy policy",
        '<h1>Privacy and cookies</h1><p id="cookies">This sample site sets no cookies.</p><p><a href="/news/%s/">Back</a></p>' % slug,
        "/news/%s/site.css" % slug))
    write("news/%s/logo.svg" % slug, '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><text x="10" y="40" font-size="28">%s</text></svg>\n' % xesc(p["name"]))
    write("news/%s/site.css" % slug, "/* %s */\nbody{font-family:%s;max-width:72rem;margin:auto}\n" % (p["name"], p["font"]))
    # feed
    if p["feed"] == "rss":
        its = []
        for a in newest_first:
            cats = "".join("\n      <category>%s</category>" % xesc(t) for t in a["tags"])
            its.append("""    <item>
      <title>%s</title>
      <link>%s%s</link>
      <guid isPermaLink="true">%s%s</guid>
      <pubDate>%s</pubDate>
      <dc:creator>%s</dc:creator>%s
      <description>%s</description>
    </item>""" % (xesc(a["title"]), B, a["path"], B, a["path"], rfc822(a["published"]), xesc(a["author"]), cats, xesc(a["summary"])))
        last = newest_first[0]["published"]
        write("news/%s/feed.xml" % slug, """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>%s</title>
    <link>%s/news/%s/</link>
    <atom:link href="%s/news/%s/feed.xml" rel="self" type="application/rss+xml"/>
    <description>%s</description>
    <language>%s</language>
    <lastBuildDate>%s</lastBuildDate>
%s
  </channel>
</rss>
""" % (xesc(p["name"]), B, slug, B, slug, xesc(p["tagline"]), p["lang"], rfc822(last), "\n".join(its)))
    else:
        ents = []
        for a in newest_first:
            cats = "".join('\n    <category term="%s"/>' % xesc(t) for t in a["tags"])
            ents.append("""  <entry>
    <title>%s</title>
    <link rel="alternate" type="text/html" href="%s%s"/>
    <id>%s%s</id>
    <published>%s</published>
    <updated>%s</updated>
    <author><name>%s</name></author>%s
    <summary>%s</summary>
  </entry>""" % (xesc(a["title"]), B, a["path"], B, a["path"], iso(a["published"]), iso(a["updated"] or a["published"]), xesc(a["author"]), cats, xesc(a["summary"])))
        last = max((a["updated"] or a["published"]) for a in mine)
        write("news/%s/atom.xml" % slug, """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">
  <title>%s</title>
  <subtitle>%s</subtitle>
  <link rel="self" type="application/atom+xml" href="%s/news/%s/atom.xml"/>
  <link rel="alternate" type="text/html" href="%s/news/%s/"/>
  <id>%s/news/%s/</id>
  <updated>%s</updated>
%s
</feed>
""" % (p["lang"], xesc(p["name"]), xesc(p["tagline"]), B, slug, B, slug, B, slug, iso(last), "\n".join(ents)))
    # sitemap
    urls = []
    for a in sorted(mine, key=lambda a: a["path"]):
        lm = iso(a["updated"] or a["published"])
        if p.get("news_sitemap"):
            urls.append("""  <url>
    <loc>%s%s</loc>
    <lastmod>%s</lastmod>
    <news:news>
      <news:publication>
        <news:name>%s</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>%s</news:publication_date>
      <news:title>%s</news:title>
    </news:news>
  </url>""" % (B, a["path"], lm, xesc(p["name"]), iso(a["published"]), xesc(a["title"])))
        else:
            urls.append("  <url>\n    <loc>%s%s</loc>\n    <lastmod>%s</lastmod>\n    <changefreq>monthly</changefreq>\n  </url>" % (B, a["path"], lm))
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if p.get("news_sitemap"):
        ns += '\n        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    write("news/%s/sitemap.xml" % slug, '<?xml version="1.0" encoding="UTF-8"?>\n<urlset %s>\n%s\n</urlset>\n' % (ns, "\n".join(urls)))
    return max((a["updated"] or a["published"]) for a in mine)


# --------------------------------------------------------------------------- status pages

STATUS_LABEL = {"investigating": "Investigating", "identified": "Identified", "monitoring": "Monitoring",
                "resolved": "Resolved", "postmortem": "Postmortem"}
IMPACT_COMPONENT = {"critical": "major_outage", "major": "partial_outage", "minor": "degraded_performance", "none": "operational"}


def build_statuspage(src):
    svc = src["slug"]
    page = src["page"]
    zone = ZoneInfo(page["time_zone"])
    utc_style = page["time_zone"] in ("Etc/UTC", "UTC")

    def ts(d):
        if utc_style:
            return zulu(d, ms=True)
        loc = d.astimezone(zone)
        return loc.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (loc.microsecond // 1000) + loc.strftime("%z")[:3] + ":" + loc.strftime("%z")[3:]

    comps = src["components"]  # name -> code
    incidents = []
    for inc in src["incidents"]:
        code = inc["code"]
        ups = []  # oldest first while building
        prev_status = None
        comp_state = {c: "operational" for c in inc["components"]}
        for n, (status, when, body) in enumerate(inc["updates"]):
            d = parse_utc(when) + timedelta(milliseconds=int(num_for(code, str(n), digits=3)) % 1000)
            if status == "resolved":
                new = "operational"
            elif status == "monitoring":
                new = "operational"
            else:
                new = IMPACT_COMPONENT[inc.get("component_impact", inc["impact"])]
            affected = None
            if inc["components"]:
                affected = []
                for c in inc["components"]:
                    affected.append({"code": comps[c], "name": c, "old_status": comp_state[c], "new_status": new})
                    comp_state[c] = new
            ups.append({
                "id": code_for(svc, code, "update", str(n)),
                "status": status,
                "body": body,
                "incident_id": code,
                "created_at": ts(d),
                "updated_at": ts(d),
                "display_at": ts(d),
                "affected_components": affected,
                "deliver_notifications": True,
                "custom_tweet": None,
                "tweet_id": None,
                "_d": d,
                "_label": "Update" if status == prev_status else STATUS_LABEL[status],
            })
            prev_status = status
        first = ups[0]["_d"]
        last = ups[-1]["_d"]
        started = parse_utc(inc["started_at"]) if inc.get("started_at") else first - timedelta(milliseconds=7)
        mon = next((u["_d"] for u in ups if u["status"] == "monitoring"), None)
        res = next((u["_d"] for u in ups if u["status"] == "resolved"), None)
        component_objs = []
        for c in inc["components"]:
            component_objs.append({
                "id": comps[c], "name": c, "status": "operational",
                "created_at": ts(parse_utc(page["created"])), "updated_at": ts(last),
                "position": sorted(comps).index(c) + 1, "description": None, "showcase": True,
                "start_date": page["created"][:10], "group_id": None, "page_id": page["id"],
                "group": False, "only_show_if_degraded": False,
            })
        obj = {
            "id": code,
            "name": inc["name"],
            "status": "resolved" if res else ups[-1]["status"],
            "created_at": ts(first),
            "updated_at": ts(last),
            "monitoring_at": ts(mon) if mon else None,
            "resolved_at": ts(res) if res else None,
            "impact": inc["impact"],
            "shortlink": "https://stspg.io/" + code_for(svc, code, "short", n=9),
            "started_at": ts(started),
            "page_id": page["id"],
            "incident_updates": [{k: v for k, v in u.items() if not k.startswith("_")} for u in reversed(ups)],
            "components": component_objs,
        }
        incidents.append((obj, ups, first, last))
    incidents.sort(key=lambda t: t[2], reverse=True)
    page_updated = max(t[3] for t in incidents)
    page_obj = {"id": page["id"], "name": page["name"], "url": B + "/status/%s" % svc,
                "time_zone": page["time_zone"], "updated_at": ts(page_updated)}
    write("status/%s/api/v2/incidents.json" % svc,
          json.dumps({"page": page_obj, "incidents": [t[0] for t in incidents]}, indent=2, ensure_ascii=False) + "\n")
    for obj, ups, first, last in incidents:
        write("status/%s/api/v2/incidents/%s.json" % (svc, obj["id"]),
              json.dumps({"page": page_obj, "incident": obj}, indent=4, ensure_ascii=False) + "\n")
    # history.atom
    host = page["tag_host"]
    entries = []
    for obj, ups, first, last in incidents:
        parts = []
        for u in reversed(ups):
            loc = u["_d"].astimezone(timezone.utc) if utc_style else u["_d"].astimezone(zone)
            abbr = "UTC" if utc_style else loc.tzname()
            parts.append("<p><small>%s <var data-var='date'>%2d</var>, <var data-var='time'>%s</var> %s</small><br><strong>%s</strong> - %s</p>"
                         % (loc.strftime("%b"), loc.day, loc.strftime("%H:%M"), abbr, u["_label"], esc(u["body"], quote=False)))
        content = "".join(parts)
        entries.append("""  <entry>
    <id>tag:%s,2005:Incident/%s</id>
    <published>%s</published>
    <updated>%s</updated>
    <link rel="alternate" type="text/html" href="%s/status/%s/incidents/%s"/>
    <title>%s</title>
    <content type="html">%s</content>
  </entry>""" % (host, num_for(svc, obj["id"]), zulu(last), zulu(last), B, svc, obj["id"], xesc(obj["name"]), esc(content, quote=False)))
    write("status/%s/history.atom" % svc, """<?xml version="1.0" encoding="UTF-8"?>
<feed xml:lang="en-US" xmlns="http://www.w3.org/2005/Atom">
  <id>tag:%s,2005:/history</id>
  <link rel="alternate" type="text/html" href="%s/status/%s"/>
  <link rel="self" type="application/atom+xml" href="%s/status/%s/history.atom"/>
  <title>%s Status - Incident History</title>
  <updated>%s</updated>
  <author>
    <name>%s</name>
  </author>
%s
</feed>
""" % (host, B, svc, B, svc, xesc(page["name"]), zulu(page_updated), xesc(page["name"]), "\n".join(entries)))
    # human pages
    rows = []
    for obj, ups, first, last in incidents:
        rows.append('<li><a href="/status/%s/incidents/%s">%s</a> <small>%s</small></li>' % (svc, obj["id"], esc(obj["name"]), obj["created_at"]))
        body = "".join('<div class="update"><strong>%s</strong> - %s<br><small>%s</small></div>' % (u["_label"], esc(u["body"]), u["created_at"]) for u in reversed(ups))
        write("status/%s/incidents/%s/index.html" % (svc, obj["id"]), simple_page(
            "%s - %s Status" % (obj["name"], page["name"]),
            '<h1>%s</h1><p>Impact: %s</p>%s<p><a href="/status/%s/">%s Status</a></p>' % (esc(obj["name"]), obj["impact"], body, svc, esc(page["name"]))))
    write("status/%s/index.html" % svc, simple_page(
        "%s Status" % page["name"],
        '<h1>%s Status</h1><p>All Systems Operational</p><p><a href="%s/status/%s/history.atom">Atom</a> | <a href="/status/%s/api/v2/incidents.json">API</a></p><h2>Past incidents</h2><ul>%s</ul>'
        % (esc(page["name"]), B, svc, svc, "\n".join(rows))))
    return [{"service": svc, "code": t[0]["id"], "name": t[0]["name"], "created_at": t[0]["created_at"]} for t in incidents]


def build_gcloud(src):
    out = []
    for inc in src["incidents"]:
        locs = [{"title": t, "id": i} for i, t in inc["locations"]]
        ups = []
        for when, status, text in inc["updates"]:  # oldest first in source
            d = parse_utc(when)
            ups.append({"created": iso(d), "modified": iso(d + timedelta(seconds=1 + int(num_for(inc["id"], when, digits=2)) % 9)),
                        "when": iso(d), "text": text, "status": status, "affected_locations": locs})
        ups.reverse()
        prods = [{"title": t, "id": i} for t, i in inc["products"]] if inc.get("products") else [{"title": inc["service_name"], "id": inc["product_id"]}]
        obj = {
            "id": inc["id"], "number": inc["number"],
            "begin": iso(parse_utc(inc["begin"])), "created": iso(parse_utc(inc["created"])),
            "end": iso(parse_utc(inc["end"])), "modified": ups[0]["modified"],
            "external_desc": inc["external_desc"], "updates": ups, "most_recent_update": ups[0],
            "status_impact": inc["status_impact"], "severity": inc["severity"],
            "service_key": prods[0]["id"], "service_name": inc["service_name"],
            "affected_products": prods, "uri": "incidents/" + inc["id"],
            "currently_affected_locations": [], "previously_affected_locations": locs,
        }
        out.append(obj)
    out.sort(key=lambda o: o["begin"], reverse=True)
    write("status/gcloud/incidents.json", json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    rows = "\n".join('<li><a href="/status/gcloud/incidents/%s">%s</a></li>' % (o["id"], esc(o["external_desc"])) for o in out)
    for o in out:
        write("status/gcloud/incidents/%s/index.html" % o["id"], simple_page(
            o["external_desc"], "<h1>%s</h1>%s" % (esc(o["external_desc"]), "".join("<p>%s</p>" % esc(u["text"]).replace("\n", "<br>") for u in o["updates"]))))
    write("status/gcloud/index.html", simple_page("Google Cloud Service Health (sample)", "<h1>Google Cloud Service Health</h1><ul>%s</ul>" % rows))
    return [{"service": "gcloud", "code": o["id"], "name": o["external_desc"], "created_at": o["created"]} for o in out]


def build_aws(src):
    zone = ZoneInfo("America/Los_Angeles")
    items = []
    for ev in src["events"]:
        for n, (when, title, text) in enumerate(ev["items"]):
            d = parse_utc(when).astimezone(zone)
            items.append((d, ev, title, text))
    items.sort(key=lambda t: t[0], reverse=True)

    def pst(d):
        return d.strftime("%a, %d %b %Y %H:%M:%S ") + d.tzname()

    its = []
    for d, ev, title, text in items:
        guid = "%s/status/aws/#%s_%d" % (B, src["service"], int(d.timestamp()))
        its.append("""    <item>
      <title><![CDATA[%s]]></title>
      <link>%s/status/aws/</link>
      <pubDate>%s</pubDate>
      <guid isPermaLink="false">%s</guid>
      <description><![CDATA[%s]]></description>
    </item>""" % (title, B, pst(d), guid, text))
    write("status/aws/%s.rss" % src["service"], """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title><![CDATA[%s Service Status]]></title>
    <link>%s/status/aws/</link>
    <language>en-us</language>
    <lastBuildDate>%s</lastBuildDate>
    <generator>AWS Service Health Dashboard RSS Generator</generator>
    <description><![CDATA[%s Service Status]]></description>
    <ttl>5</ttl>
%s
  </channel>
</rss>
""" % (src["title"], B, pst(items[0][0]), src["title"], "\n".join(its)))
    write("status/aws/index.html", simple_page("AWS Service Health Dashboard (sample)",
          '<h1>Service Health Dashboard</h1><p><a href="%s/status/aws/%s.rss">%s</a></p>' % (B, src["service"], esc(src["title"]))))
    rows = []
    for ev in src["events"]:
        first = min(parse_utc(w) for w, _, _ in ev["items"])
        # The feed has no event id: an event is identified by the guid fragment of its first item.
        rows.append({"service": "aws", "code": "%s_%d" % (src["service"], int(first.timestamp())), "alias": ev["code"],
                     "name": ev["items"][0][1], "created_at": zulu(first)})
    return rows


# --------------------------------------------------------------------------- main

def build():
    with open(os.path.join(SRC, "publishers.json"), encoding="utf-8") as f:
        pubs = json.load(f)
    with open(os.path.join(SRC, "outages.json"), encoding="utf-8") as f:
        outages = json.load(f)
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    arts = load_articles(pubs)
    paths = [a["path"] for a in arts]
    assert len(paths) == len(set(paths)), "duplicate article path"

    lastmods = {}
    for slug, p in pubs.items():
        lastmods[slug] = build_publisher(slug, p, arts)

    # status
    status_rows = []
    sdir = os.path.join(SRC, "status")
    sources = []
    for fn in sorted(os.listdir(sdir)):
        with open(os.path.join(sdir, fn), encoding="utf-8") as f:
            src = json.load(f)
        if fn.startswith("statuspage-"):
            status_rows += build_statuspage(src)
            sources.append(("%s status (Statuspage API)" % src["page"]["name"], "statuspage", "%s/status/%s/" % (B, src["slug"]), src["slug"]))
            sources.append(("%s status (history.atom)" % src["page"]["name"], "statuspage-atom", "%s/status/%s/history.atom" % (B, src["slug"]), src["slug"]))
        elif fn == "gcloud.json":
            status_rows += build_gcloud(src)
            sources.append(("Google Cloud Service Health", "gcp", B + "/status/gcloud/incidents.json", "gcloud"))
        elif fn.startswith("aws-"):
            status_rows += build_aws(src)
            sources.append(("AWS Health: %s" % src["title"], "aws-rss", "%s/status/aws/%s.rss" % (B, src["service"]), "aws"))
    known_codes = {(r["service"], r["code"]) for r in status_rows}
    alias = {(r["service"], r.pop("alias")): r["code"] for r in status_rows if "alias" in r}

    # root files
    write("robots.txt", "User-agent: *\nDisallow: /private/\n\nSitemap: %s/sitemap.xml\n" % B)
    write("private/secret.html", simple_page("Staff only", "<h1>Internal staff notes</h1><p>This page is disallowed by robots.txt and must never be fetched by a polite crawler.</p>"))
    sm = []
    for slug in pubs:
        sm.append("  <sitemap>\n    <loc>%s/news/%s/sitemap.xml</loc>\n    <lastmod>%s</lastmod>\n  </sitemap>" % (B, slug, iso(lastmods[slug])))
    write("sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n%s\n</sitemapindex>\n' % "\n".join(sm))
    publist = "\n".join('<li><a href="/news/%s/">%s</a> &mdash; %s</li>' % (s, esc(p["name"]), esc(p["tagline"])) for s, p in pubs.items())
    statuslist = "\n".join('<li><a href="%s">%s</a></li>' % (u.replace(B, ""), esc(n)) for n, k, u, s in sources)
    latest = "\n".join('<li><a href="%s">%s</a></li>' % (a["path"], esc(a["title"])) for a in sorted(arts, key=lambda a: a["published"], reverse=True)[:12])
    write("index.html", simple_page("Sample web for Outage Archive",
          "<h1>Sample web</h1><p>An offline stand-in for news sites and status pages, written as test data for Outage Archive.</p>"
          "<h2>Publishers</h2><ul>%s</ul><h2>Latest stories</h2><ul>%s</ul><h2>Status pages</h2><ul>%s</ul>"
          '<footer><a href="/robots.txt">robots.txt</a> | <a href="%s/sitemap.xml">Sitemap</a> | <a href="/private/secret.html">Staff login</a></footer>'
          % (publist, latest, statuslist, B)))

    # sources.toml
    CANONICAL_SERVICE = {"aws": "Amazon Web Services", "gcloud": "Google Cloud", "cloudflare": "Cloudflare",
                         "discord": "Discord", "github": "GitHub", "slack": "Slack"}
    toml = ["# Sources for the offline sample web. __BASE__ is replaced by the test server origin.", ""]
    for slug, p in pubs.items():
        feed = "feed.xml" if p["feed"] == "rss" else "atom.xml"
        toml += ["[[source]]", 'name = "%s (%s)"' % (p["name"], "RSS" if p["feed"] == "rss" else "Atom"), 'kind = "news-feed"',
                 'url = "%s/news/%s/%s"' % (B, slug, feed), ""]
    toml += ["[[source]]", 'name = "Sample web sitemap index"', 'kind = "sitemap"', 'url = "%s/sitemap.xml"' % B, ""]
    for n, k, u, s in sources:
        service = CANONICAL_SERVICE.get(s, s)  # sources name the catalog's canonical service
        toml += ["[[source]]", 'name = "%s"' % n, 'kind = "%s"' % k, 'url = "%s"' % u, 'service = "%s"' % service, ""]
    write("sources.toml", "\n".join(toml))

    # truth
    by_outage = {}
    for a in arts:
        by_outage.setdefault(a["outage"], []).append(a["path"])
    keys = {o["key"] for o in outages}
    unknown = set(by_outage) - keys - {"none"}
    assert not unknown, "articles reference unknown outages: %s" % unknown
    truth_out = []
    for o in outages:
        sis = []
        for si in o.get("status_incidents", []):
            si = dict(si, code=alias.get((si["service"], si["code"]), si["code"]))
            assert (si["service"], si["code"]) in known_codes, si
            sis.append(si)
        truth_out.append({
            "key": o["key"], "service": o["service"], "company": o["company"],
            "also_affected": o.get("also_affected", []),
            "start_utc": o["start_utc"], "end_utc": o["end_utc"],
            "articles": sorted(by_outage.get(o["key"], [])),
            "status_incidents": sis,
        })
        if o.get("note"):
            truth_out[-1]["note"] = o["note"]
    truth = {
        "_note": "Generated by data/tools/build_sample_site.py from data/sample-site-src/. Paths are relative to the sample site root.",
        "outages": truth_out,
        "non_outage_articles": sorted(by_outage.get("none", [])),
        "articles": [{"path": a["path"], "publisher": a["publisher"], "title": a["title"],
                      "published": iso(a["published"]), "outage": None if a["outage"] == "none" else a["outage"]}
                     for a in sorted(arts, key=lambda a: a["path"])],
        "status_incidents": sorted(status_rows, key=lambda r: (r["service"], r["created_at"])),
        "counts": {
            "articles": len(arts),
            "outage_articles": len(arts) - len(by_outage.get("none", [])),
            "non_outage_articles": len(by_outage.get("none", [])),
            "outages": len(outages),
            "status_incidents": len(status_rows),
            "publishers": len(pubs),
        },
    }
    os.makedirs(os.path.dirname(TRUTH), exist_ok=True)
    with open(TRUTH, "w", encoding="utf-8", newline="\n") as f:
        json.dump(truth, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return truth


def check():
    """Validate the generated site: parsing, links, counts. Returns a list of problems."""
    import xml.etree.ElementTree as ET
    from html.parser import HTMLParser
    problems = []
    files = {}
    for dp, dn, fns in os.walk(OUT):
        for fn in fns:
            full = os.path.join(dp, fn)
            files["/" + os.path.relpath(full, OUT).replace(os.sep, "/")] = full

    def exists(path):
        path = path.split("#")[0].split("?")[0]
        if path in files:
            return True
        return (path.rstrip("/") + "/index.html") in files

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.links = []

        def handle_starttag(self, tag, attrs):
            d = dict(attrs)
            for k in ("href", "src"):
                if d.get(k):
                    self.links.append(d[k])

    for path, full in sorted(files.items()):
        with open(full, encoding="utf-8") as f:
            text = f.read()
        if "127.0.0.1" in text or "localhost" in text:
            problems.append("hard-coded host in " + path)
        if path.endswith((".xml", ".atom", ".rss")):
            try:
                root = ET.fromstring(text.encode("utf-8"))
            except ET.ParseError as e:
                problems.append("XML %s: %s" % (path, e))
                continue
            for el in root.iter():
                for val in [el.text or ""] + [v for k, v in el.attrib.items() if k == "href"]:
                    val = val.strip()
                    if val.startswith(B) and not exists(val[len(B):]):
                        problems.append("%s links missing %s" % (path, val))
            if "sitemap" in path:
                for url in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}url"):
                    if url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod") is None:
                        problems.append("no lastmod in " + path)
        elif path.endswith(".json"):
            try:
                data = json.loads(text)
            except ValueError as e:
                problems.append("JSON %s: %s" % (path, e))
                continue
            for m in re.findall(r'"(__BASE__[^"]*)"', text):
                if not exists(m[len(B):]):
                    problems.append("%s links missing %s" % (path, m))
        elif path.endswith(".html"):
            lp = Links()
            lp.feed(text)
            for link in lp.links:
                if link.startswith(B):
                    link = link[len(B):]
                if link.startswith("/") and not exists(link):
                    problems.append("%s links missing %s" % (path, link))
                elif link.startswith("http"):
                    problems.append("%s links off-site %s" % (path, link))
            for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
                json.loads(m)
            for m in re.findall(r'__BASE__[^"\'<\s]*', text):
                if not exists(m[len(B):]):
                    problems.append("%s links missing %s" % (path, m))
    with open(TRUTH, encoding="utf-8") as f:
        truth = json.load(f)
    c = truth["counts"]
    if c["articles"] < 44 or c["outage_articles"] < 39 or c["non_outage_articles"] < 5:
        problems.append("article counts too low: %s" % c)
    outs = truth["outages"]
    if len(outs) < 12 or len({o["company"] for o in outs}) < 8:
        problems.append("not enough outages/companies")
    pubs_of = lambda o: {p.split("/")[2] for p in o["articles"]}
    if sum(1 for o in outs if len(pubs_of(o)) >= 3) < 6:
        problems.append("fewer than 6 outages with 3+ publishers")
    for o in outs:
        for p in o["articles"]:
            if p not in files:
                problems.append("truth article missing " + p)
        if not o["articles"]:
            problems.append("outage without articles " + o["key"])
    return problems


def serve(port):
    import http.server
    import socketserver

    class H(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=OUT, **kw)

        def send_head(self):
            f = super().send_head()
            return f

        def copyfile(self, source, outputfile):
            data = source.read()
            try:
                text = data.decode("utf-8")
                data = text.replace(B, "http://%s" % self.headers.get("Host", "127.0.0.1:%d" % port)).encode("utf-8")
            except UnicodeDecodeError:
                pass
            outputfile.write(data)

        def end_headers(self):
            # Content-Length changes after substitution; drop it and close the connection instead.
            self._headers_buffer = [h for h in self._headers_buffer if not h.lower().startswith(b"content-length")]
            self.send_header("Connection", "close")
            super().end_headers()

    with socketserver.TCPServer(("127.0.0.1", port), H) as httpd:
        print("serving %s on http://127.0.0.1:%d" % (OUT, port))
        httpd.serve_forever()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--serve", type=int, metavar="PORT", help="after building, serve the site with __BASE__ substitution")
    ap.add_argument("--check", action="store_true", help="validate the generated site after building")
    args = ap.parse_args()
    truth = build()
    print(json.dumps(truth["counts"]))
    if args.check:
        problems = check()
        for p in problems:
            print("PROBLEM:", p)
        print("check: %d problem(s)" % len(problems))
        if problems:
            return 1
    if args.serve:
        serve(args.serve)


if __name__ == "__main__":
    sys.exit(main())
