"""Affected services vs. services merely mentioned, one short story each (our own sentences)."""

from __future__ import annotations

import pytest

from tests.extract.reporting import report

CASES = [
 ("Amazon Web Services went down on Monday, taking Snapchat, Venmo and Ring offline with it.", "AWS outage", ["Amazon Web Services", "Snapchat", "Venmo", "Ring"]),
 ("Cloudflare failed on Tuesday. Sites including Discord, Shopify and Canva stopped loading for many users.", "Cloudflare outage knocks sites offline", ["Cloudflare", "Discord", "Shopify", "Canva"]),
 ("Microsoft 365 was down on Monday. Outlook and Teams users could not sign in for hours.", "Microsoft 365 outage", ["Microsoft 365", "Outlook", "Microsoft Teams"]),
 ("WhatsApp went down worldwide on Tuesday. Millions flocked to Telegram and Signal instead.", "WhatsApp down", ["WhatsApp"]),
 ("Instagram was down on Tuesday, according to Downdetector. Reuters could not reach Meta for comment.", "Instagram down", ["Instagram"]),
 ("Slack suffered an outage on Tuesday, a week after rival Microsoft Teams had its own problems.", "Slack outage", ["Slack"]),
 ("Facebook, Instagram and WhatsApp were all down on Tuesday. Meta's Threads also had problems, while Messenger kept working.", "Meta apps down", ["Facebook", "Instagram", "WhatsApp", "Threads"]),
 ("Users of Spotify reported problems on Tuesday. Apple Music, its main rival, was unaffected.", "Spotify down", ["Spotify"]),
 ("ChatGPT went down on Tuesday. Anthropic's Claude and Google's Gemini saw a surge in traffic as users looked for alternatives.", "ChatGPT outage", ["ChatGPT"]),
 ("GitHub was down for two hours on Tuesday, which also broke builds on Vercel and Netlify that pull code from it.", "GitHub outage", ["GitHub", "Vercel", "Netlify"]),
 ("Verizon customers lost service on Tuesday. AT&T and T-Mobile said their networks were operating normally.", "Verizon outage", ["Verizon"]),
 ("The CrowdStrike update crashed Windows PCs on Friday, grounding flights at Delta and United and taking Sky News off air.", "CrowdStrike outage", ["CrowdStrike", "Windows", "Delta Air Lines", "United Airlines", "Sky News"]),
 ("Roblox went down on Tuesday, the latest in a string of outages; the game was down for three days in 2021.", "Roblox down", ["Roblox"]),
 ("Twitch streams froze on Tuesday. Many streamers moved to YouTube and Kick while the site was down.", "Twitch down", ["Twitch"]),
 ("Gmail and Google Drive were down on Tuesday, as was YouTube for some users.", "Google outage", ["Gmail", "Google Drive", "YouTube"]),
 ("Users could not reach PayPal on Tuesday. Its Venmo app was also hit.", "PayPal outage", ["PayPal", "Venmo"]),
 ("Fastly's outage on Tuesday took down Reddit, Twitch, the Guardian and the New York Times for about an hour.", "Fastly outage", ["Fastly", "Reddit", "Twitch", "The Guardian", "The New York Times"]),
 ("Zoom went down on Tuesday. The Verge and TechCrunch first reported the problems.", "Zoom down", ["Zoom"]),
 ("Xbox Live was down on Tuesday. Sony said PlayStation Network was not affected.", "Xbox Live down", ["Xbox Live"]),
 ("Football fans were left staring at a frozen screen on Tuesday after Amazon's Prime Video crashed.", "Prime Video crashes", ["Prime Video"]),
 ("Docker Hub went down on Tuesday. Pipelines on GitHub Actions, GitLab CI and CircleCI that pull images from Docker Hub failed, although all three said their own platforms were operating normally.", "Docker Hub outage", ["Docker Hub"]),
 ("KT's network failed on Tuesday. Subscribers could not open Naver or KakaoTalk, but both companies said their platforms had been running normally.", "KT outage", ["KT"]),
 ("Outlook went down on Monday, the second headache for Microsoft this year after July's CrowdStrike disaster crashed Windows computers.", "Outlook down", ["Outlook"]),
 ("Gmail kept crashing for many users on Tuesday; Google pushed a corrected version through the Google Play store.", "Gmail crashes", ["Gmail"]),
 ("Fubo went down during the match on Tuesday. Viewers on smart TVs, phones and Roku players saw errors, while viewers on Telemundo and Peacock had uninterrupted streams.", "Fubo down", ["Fubo"]),
 ("AWS went down on Tuesday. Owners of Ring cameras and Alexa speakers found their devices unresponsive.", "AWS outage", ["Amazon Web Services", "Ring", "Alexa"]),
 ("Cloudflare failed on Tuesday, and readers of Politico and users of the Feedly news reader all reported problems.", "Cloudflare outage", ["Cloudflare", "Politico", "Feedly"]),
 ("FaceTime calls failed on Tuesday. Some iMessage users found their texts failed to send, although others said messages went through normally.", "FaceTime outage", ["FaceTime", "iMessage"]),
 ("AWS went down on Tuesday. The Boston Globe says its website and its e-paper app are down.", "AWS outage", ["Amazon Web Services", "The Boston Globe"]),
 ("Instagram went down across Europe on Tuesday. Threads, Meta's text-based app, was also affected.", "Instagram outage hits Europe", ["Instagram", "Threads"]),
 ("Disney+ crashed on Tuesday under demand for the premiere; Netflix, which had a similar crash last year, was fine.", "Disney+ crashes", ["Disney+"]),
 ("AWS went down on Tuesday, taking Lambda with it. Developers on Hacker News and Mastodon describe failed deployments.", "AWS outage hits Lambda", ["Amazon Web Services"]),
 ("Transport for London's website and the Trainline app stopped selling tickets on Tuesday, while Amtrak bookings failed in the US.", "Ticketing outage", ["Transport for London", "Trainline", "Amtrak"]),
 ("Shopee and Lazada shoppers could not check out on Tuesday as GCash payments failed across the Philippines.", "GCash outage", ["Shopee", "Lazada", "GCash"]),
 ("Mastercard payments were declined across the UK on Tuesday, and Monzo warned its users on Twitter to carry cash.", "Mastercard outage", ["Mastercard", "Monzo"]),
 ("OVHcloud's network went down on Tuesday, leaving customers to piece together what was happening on Twitter.", "OVHcloud outage", ["OVHcloud"]),
 ("Dropbox was down on Tuesday. Don't rush to move to Box or OneDrive in the middle of an outage.", "Dropbox down", ["Dropbox"]),
 ("Zoom went down on Tuesday. If Zoom is down, a Google Meet or Microsoft Teams call is the obvious fallback.", "Zoom down", ["Zoom"]),
 ("Bitbucket went down on Tuesday. Deployments to Heroku and AWS stalled, but both of those platforms are up.", "Bitbucket down", ["Bitbucket"]),
 ("Viasat's satellite network failed on Tuesday. In France, Nordnet, a subsidiary of Orange, said its subscribers were cut off.", "Viasat outage", ["Viasat", "Nordnet"]),
 ("Sky Broadband went down on Tuesday night across the UK. 8.55pm: Sky Mobile is fine, as it runs on a separate network.", "Sky Broadband down", ["Sky Broadband"]),
 ("Starlink went down worldwide on Tuesday. It is not clear whether T-Mobile's satellite texting service was affected. "
  "T-Mobile did not respond to questions.", "Starlink outage", ["Starlink"]),
 ("Cloudflare failed on Tuesday, taking Canva offline. Downdetector, which many people use to check outages, was itself "
  "unreachable for a time.", "Cloudflare outage", ["Cloudflare", "Canva", "Downdetector"]),
 ("Canva went down on Tuesday. Downdetector logged 5,000 reports.", "Canva down", ["Canva"]),
 ("ChatGPT went down on Tuesday, and OpenAI said its developer API was failing too.", "ChatGPT down", ["ChatGPT", "OpenAI API"]),
 ("Claude went down on Tuesday. Developers using its API got errors for an hour as well.", "Claude outage", ["Claude", "Claude API"]),
 ("Slack went down on Tuesday; bots that call the API stopped posting.", "Slack outage", ["Slack"]),
 ("Clash of Clans and Candy Crush would not load on Tuesday, and Dota 2 matches dropped for thousands of players.", "Game servers down", ["Clash of Clans", "Candy Crush", "Dota 2"]),
 # an exchange named in market talk is not down; a halt of its own is
 ("Mercado Pago's app went down on Tuesday. Shares of Nasdaq-listed Mercado Libre were down 0.4% at midday.",
  "Mercado Pago outage", ["Mercado Pago"]),
 ("Zerodha's app crashed on Monday as the Sensex rallied. The National Stock Exchange said its own systems had "
  "functioned normally during the outage.", "Zerodha app crashes", ["Zerodha"]),
 ("The NZX halted trading on Thursday after a cyberattack knocked its website offline, and brokers could not connect.",
  "NZX halts trading", ["NZX"]),
 ("The New York Stock Exchange stopped trading in all of its listed securities for almost four hours on Wednesday, "
  "a breakdown it blamed on a software update. Earlier on Wednesday, United Airlines grounded its flights because of "
  "a router problem.", "NYSE halts trading for nearly four hours", ["New York Stock Exchange"]),
 # the host named in a failure and then cleared of it
 ("Twilio's verification service went down on Tuesday. The failure was confined to its US1 region, which runs in "
  "Amazon Web Services' data centres in Virginia. Twilio stressed that AWS itself played no part.", "Twilio outage",
  ["Twilio"]),
 ("Miro went down on Tuesday for boards hosted on AWS in Frankfurt. AWS said there had been no problem with its own "
  "infrastructure.", "Miro outage", ["Miro"]),
 ("Trello boards failed to load on Tuesday. Boards embedded in Microsoft Teams and Zoom meetings also failed to load, "
  "although both host apps kept working.", "Trello outage", ["Trello"]),
 ("Verizon Fios went down on Tuesday. Complaints about Gmail, Zoom and Slack also rose, but Google, Zoom and Slack all said their services were running normally.", "Verizon outage", ["Verizon"]),
 ("Alibaba Cloud failed on Sunday, taking Taobao offline. On Weibo, a hashtag about the outage was viewed 100 million times. Payments app Alipay, which is run by Ant Group, said its services had not been affected.", "Alibaba Cloud outage", ["Alibaba Cloud", "Taobao"]),
 ("Zoho's domain was suspended on Wednesday. Among the apps that went down were Zoho Mail, its Zoho Books accounting app and the Zoho Desk help-desk tool. Staff coordinated the response over WhatsApp because their own chat tool was also down.", "Zoho Mail and other Zoho apps go dark", ["Zoho Mail", "Zoho Books", "Zoho Desk"]),
 # where people went instead, and rivals whose reports stayed at normal levels
 ("Microsoft Teams went down on Wednesday morning. Some businesses moved their morning meetings to Zoom or Google "
  "Meet to get through the outage.", "Teams down", ["Microsoft Teams"]),
 ("Reports about Vodafone climbed to more than 12,000 by 11am on Tuesday, while complaints about EE and O2 stayed at "
  "normal levels.", "Vodafone down", ["Vodafone"]),
 # the platforms the users were on are not what failed, unless they are said to have failed
 ("Fortnite went down on Tuesday evening, throwing players on PC, PlayStation and Xbox out of their matches.",
  "Fortnite down",
  ["Fortnite"]),
 ("Spotify was down on Tuesday. People opening the app on iPhone and Android said it was stuck on its loading "
  "screen.",
  "Spotify down", ["Spotify"]),
 ("Players on Xbox could not sign in on Tuesday because Xbox Live itself was down.", "Xbox Live outage",
  ["Xbox Live"]),
 ("Stack Overflow went down for 34 minutes on Wednesday. Early on, some users on Twitter guessed that the site was being hit by an attack.", "Stack Overflow outage", ["Stack Overflow"]),
 # a console named as the device people watched on, and a version of a platform in a list of them
 ("HBO GO crashed on Sunday night. Viewers trying to watch on laptops, iPads and Xbox consoles found the app stuck on a "
  "spinning wheel.", "HBO GO crashes", ["HBO Go"]),
 ("Sea of Thieves launched on Tuesday on Xbox One and Windows 10, and its servers have been struggling ever since: "
  "players could not get into the game.", "Sea of Thieves servers swamped", ["Sea of Thieves"]),
 # a company in a deal is a buyer, not a service that failed; a carrier whose data centre the airline used is a supplier
 ("WhatsApp was down for about three hours on Saturday, just days after Facebook agreed to buy the company.",
  "WhatsApp back after outage, days after $19bn Facebook deal", ["WhatsApp"]),
 ("JetBlue's website and check-in systems were down for several hours on Thursday after a power failure at a data "
  "centre run by Verizon.", "JetBlue blames power cut at Verizon data centre", ["JetBlue"]),
 # services named only as where the failing one's users ran their jobs, said in the same breath to be fine
 ("Quay.io was unavailable for most of Tuesday. Pipelines on GitHub Actions and Travis CI that depended on images "
  "hosted on Quay failed one after another, although those CI services themselves were running normally.",
  "Quay.io outage", ["Quay.io"]),
 # the others said to be fine in so many words
 ("Google Calendar went down on Tuesday, showing a 404 page. Is Gmail down too? Gmail, Google Drive and Google Docs are "
  "all marked as working normally.", "Google Calendar down", ["Google Calendar"]),
 # a status dashboard that shows the others as green, with no other word of them being fine
 ("Google Calendar went down on Tuesday, showing a 404 page. Users said Gmail was showing as green, though Calendar was down.",
  "Google Calendar down", ["Google Calendar"]),
 # another outage weeks before
 ("Outlook.com was down for 16 hours on Wednesday. It came less than three weeks after Azure storage went down "
  "worldwide.", "Outlook.com down for 16 hours", ["Outlook"]),
 # a social network's trending list is where people talked, not what failed; "Hangouts" alone is Google's
 ("Gmail went down on Wednesday. Google Calendar, Google+ and the Hangouts chat service were also failing. The hashtag "
  "#gmailfail climbed Twitter's trending list.", "Gmail down",
  ["Gmail", "Google Calendar", "Google+", "Google Meet"]),
]


@pytest.mark.parametrize(("text", "title", "expected"), CASES, ids=[c[1] for c in CASES])
def test_affected_services(text: str, title: str, expected: list[str]) -> None:
    assert sorted(report(text, title=title)["services"]) == sorted(expected)



def test_owner_named_only_to_speak_is_not_affected_beside_its_product() -> None:
    r = report("The DB Navigator app and the bahn.de website failed for almost three hours on Tuesday. Deutsche Bahn "
               "blamed a faulty update and said both were working again by noon.",
               title="DB Navigator and bahn.de down; Deutsche Bahn blames faulty update")
    assert r["services"] == ["DB Navigator", "bahn.de"]
    r = report("The NHS App was down for hours on Tuesday as NHS login failed. NHS England said at 1.15pm that the "
               "service had recovered.", title="NHS App down for hours")
    assert "NHS" not in r["services"] and "NHS App" in r["services"]


def test_owner_whose_own_site_failed_stays_beside_its_product() -> None:
    r = report("Prime Video stopped streaming on Tuesday, and Amazon's website also went down for an hour.",
               title="Prime Video down")
    assert "Amazon" in r["services"] and "Prime Video" in r["services"]


def test_operator_of_what_broke_when_no_service_is_said_to_fail() -> None:
    text = ("Orkney lost nearly all of its phone and internet links on Tuesday after the undersea line to the "
            "mainland was damaged. Card machines in Kirkwall stopped working. Vodafone, which carries its traffic "
            "over the link, said engineers were rerouting calls. Customers with EE said their phones were working "
            "fine. Vodafone expects a repair ship to arrive on Friday.")
    r = report(text, title="Orkney cut off as damaged undersea line knocks out phones and card machines")
    assert r["service"] == "Vodafone"
    # with no outage in the headline there is no story to give an operator to
    assert report(text, title="Orkney waits for a repair ship")["service"] is None


def test_company_named_with_its_cloud_region_is_its_cloud() -> None:
    r = report("Microsoft said a cooling fault had taken part of its Sydney cloud region offline on Tuesday, and "
               "virtual machines there were stopped for about six hours.",
               title="Microsoft's Sydney cloud region knocked offline by cooling fault")
    assert r["service"] == "Azure"
    r = report("Google said on Tuesday that it would open a new cloud region in Greece next year, its first in the "
               "country, and that the region would have three zones.", title="Google plans new cloud region in Greece")
    assert r["service"] is None


def test_a_cloud_that_had_not_had_any_problems_is_not_affected() -> None:
    r = report("Pizza orders failed across the city on Sunday when Netflix's payment page crashed. Netflix said its "
               "systems run on Amazon Web Services but that AWS had not had any problems.", title="Netflix outage")
    assert r["services"] == ["Netflix"]


def test_an_owner_named_before_its_brand_and_said_unaffected_is_not_affected() -> None:
    """"FedEx's TNT Express still crippled": FedEx owns what failed, and says its own network was not affected."""
    r = report("TNT Express said on Tuesday that its operations were still disrupted after a ransomware attack. Customers "
               "could not track parcels on TNT's website. FedEx said its own Express network in the United States was "
               "not affected.", title="FedEx's TNT Express still crippled by ransomware as parcels pile up")
    assert r["services"] and "FedEx" not in r["services"]
