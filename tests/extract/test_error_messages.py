"""Screen texts vs. other quotes, one sentence each (our own sentences), through the real pipeline."""

from __future__ import annotations

import pytest

from tests.extract.reporting import report

LEDE = "Fortnite, Spotify, X, YouTube, Zoom and Google went down for thousands of users on Monday. "

CASES = [
 ("Users trying to load Reddit got 503 Service Unavailable errors for an hour on Monday.", ["503 Service Unavailable"]),
 ("Visitors to the site saw a 502 Bad Gateway page on Monday as Cloudflare went down.", ["502 Bad Gateway"]),
 ("Players were greeted with a 'Something went wrong' message when they tried to log in to Fortnite on Monday.", ["Something went wrong"]),
 ("Outlook users got the error “We're sorry, something went wrong” on Monday.", ["We're sorry, something went wrong"]),
 ("Those who opened the Slack app on Monday were told “Slack is having trouble connecting” before being logged out.", ["Slack is having trouble connecting"]),
 ("Instagram users on Monday saw a banner reading \"Couldn't refresh feed\" at the top of the app.", ["Couldn't refresh feed"]),
 ("Trying to stream on Netflix on Monday brought up error code NW-2-5 and the words \"Netflix has encountered an error\".", ["NW-2-5", "Netflix has encountered an error"]),
 ("On Monday, Spotify's app displayed \"No internet connection available\" even to users who were online.", ["No internet connection available"]),
 ("The PlayStation Network went down on Monday. \"Cannot connect to the server,\" the console said.", ["Cannot connect to the server"]),
 ("Gmail failed for users on Monday, with a \"Temporary Error (500)\" page appearing for many.", ["Temporary Error (500)"]),
 ("ChatGPT was down on Monday. Users who tried to open it saw: \"ChatGPT is at capacity right now.\"", ["ChatGPT is at capacity right now"]),
 ("Discord went down on Monday; the app showed a spinning logo and the message 'Connecting...' for hours.", ["Connecting..."]),
 ("X went down on Monday and the timeline said \"Something went wrong. Try reloading.\" for thousands.", ["Something went wrong. Try reloading"]),
 ("YouTube was down on Monday. An error page told viewers: Oops, something went wrong.", ["Oops, something went wrong"]),
 ("Zoom failed on Monday, and meetings would not start. Instead users got error 5003, \"Unable to connect\".", ["Unable to connect"]),
 ("Steam was down on Monday. Steam users reported seeing an \"Error 118\" notice when loading the store.", ["Error 118"]),
 ("WhatsApp went down on Monday. Messages stuck on a single grey tick and the app said it was 'Connecting'.", ["Connecting"]),
 ("The Google outage on Monday left users staring at a page that read \"500. That’s an error. There was an error. Please try again later. That’s all we know.\"", ["500. That’s an error. There was an error. Please try again later. That’s all we know"]),
 ("A spokesperson said on Monday: \"We're aware some users are having trouble accessing Instagram.\"", []),
 ("Instagram went down on Monday. \"It's so annoying,\" one user wrote on X.", []),
]
CASES += [
 ("An error page told viewers: Oops, something went wrong.", ["Oops, something went wrong"]),
 ("Users saw error messages such as \"Request failed\" and \"Unable to load tweets\" on Monday.", ["Request failed", "Unable to load tweets"]),
 ("The message \"Sorry, this page isn't available\" appeared for many Instagram users on Monday.", ["Sorry, this page isn't available"]),
 ("Spotify listeners got a notice saying \"Spotify can't play this right now\" on Monday.", ["Spotify can't play this right now"]),
 ("Zoom users on Monday were met with an HTTP 500 error.", []),
 ("Users dubbed the event a \"blackout\" and the hashtag \"#YouTubeDown\" trended on Monday.", []),
 ("\"I saw the outage coming,\" one analyst said on Monday.", []),
 ("Those trying to sign in were told \"Your account is temporarily locked\", the company confirmed on Monday.", ["Your account is temporarily locked"]),
 ("A pop-up in the Fortnite app on Monday warned: \"Servers are currently offline for maintenance.\"", ["Servers are currently offline for maintenance"]),
 ("On Monday the app simply showed the words “Login failed” and a red cross.", ["Login failed"]),
 ("Some people on Monday got a message reading ‘Account not found’, which left them panicking.", ["Account not found"]),
 ("Spotify said in a tweet on Monday: “Something's up and we're looking into it.”", []),
 ("Many reported a 'Network error' message on Monday, while others saw a blank screen.", ["Network error"]),
 ("Error code 0x80072EE7 appeared on Xbox consoles on Monday.", ["0x80072EE7"]),
 ("Xbox sign-in failed on Monday with the error code 0x87DD0003, and Chrome showed ERR_TUNNEL_CONNECTION_FAILED.", ["0x87DD0003", "ERR_TUNNEL_CONNECTION_FAILED"]),
 ("On TVs the player shows 'Video is taking longer than usual to load' and then quits.", ["Video is taking longer than usual to load"]),
 ("On phones, the app says 'Something went wrong. Please try again later' with 'Error code: PB-1107' underneath.", ["Something went wrong. Please try again later", "Error code: PB-1107"]),
 ("When players tried to join a game on Monday, Fortnite returned the message: Matchmaking is currently disabled.", ["Matchmaking is currently disabled"]),
 ("Users saw 'This site can't be reached' in Chrome on Monday.", ["This site can't be reached"]),
]
CASES += [
 ("Users on Monday got an “Oops! Something went wrong” screen.", ["Oops! Something went wrong"]),
 ("The YouTube app on Monday kept saying “An error occurred. Please try again later. (Playback ID: Ab3x)”.", ["An error occurred. Please try again later. (Playback ID: Ab3x)"]),
 ("Anyone trying to log in to Fortnite on Monday was shown “LS-0013” and “Login failed”.", ["LS-0013", "Login failed"]),
 ("Error: \"Spotify is offline\" flashed on phones across Europe on Monday.", ["Spotify is offline"]),
 ("Users complained on Monday that the app was stuck on “Loading…” for minutes.", ["Loading…"]),
 ("On Monday, Google showed users a message — “We're sorry, but your computer or network may be sending automated queries” — instead of results.", ["We're sorry, but your computer or network may be sending automated queries"]),
 ("For hours on Monday, Zoom meetings failed with the message \"This meeting link is invalid (3,001)\".", ["This meeting link is invalid (3,001)"]),
 ("Bank customers on Monday saw their app say 'Service temporarily unavailable' when they tried to log on.", ["Service temporarily unavailable"]),
 ("X users on Monday were told they had reached a \"rate limit\", a cap on how many posts they could read.", []),
 ("The error read: “Unable to process your request at this time.”", ["Unable to process your request at this time"]),
 ("On Monday the site was returning \"Error 503 Backend fetch failed\" to visitors.", ["Error 503 Backend fetch failed"]),
 ("Some on Monday saw 'Access Denied' while others got a 404 page.", ["Access Denied"]),
]

CASES += [
 ("Customers were met with a bare error page: 503 Service Temporarily Unavailable.", ["503 Service Temporarily Unavailable"]),
 ("EFTPOS terminals spat out receipts bearing the same two words: COMMS ERROR.", ["COMMS ERROR"]),
 ("Siri answered almost every request with the same line: Sorry, I'm having trouble connecting to the network.",
  ["Sorry, I'm having trouble connecting to the network"]),
 ("DoorDash customers were shown a message saying: Payment failed. Please try another payment method.",
  ["Payment failed. Please try another payment method"]),
 ("Texts were marked 'Not Delivered' in red, and speakers were listed as 'Device is unresponsive'.",
  ["Not Delivered", "Device is unresponsive"]),
 ("One administrator posted a photo of a whiteboard that read \"IT IS NOT SLACK\".", []),
 ("Logs showed calls coming back with the error type api_error, and some users saw the code DF-DFERH-01.",
  ["api_error", "DF-DFERH-01"]),
 ("A pop-up titled \"Verification Failed\" came with the line \"There was an error connecting to the Apple ID server.\"",
  ["Verification Failed", "There was an error connecting to the Apple ID server"]),
 ("One user wrote on X: \"YONO says 'Server is busy, please try after some time' for the tenth time today.\"",
  ["Server is busy, please try after some time"]),
]

CASES += [
 ("The status dashboard was updated. It reads: \"The issue with Google Meet has been resolved for all affected users. "
  "We apologise for the inconvenience.\"", []),
 # quote marks of other languages, and the reporter's translation after them
 ("Fans in Germany were greeted with \u201eBei der Wiedergabe ist ein Problem aufgetreten\u201c on Monday.", ["Bei der Wiedergabe ist ein Problem aufgetreten"]),
 ("On Monday the reply box filled with \u00ab Une erreur est survenue. Veuillez r\u00e9essayer. \u00bb for users in France.", ["Une erreur est survenue. Veuillez r\u00e9essayer"]),
 ("In Japan, users were shown \u300c\u305f\u3060\u3044\u307e\u6df7\u307f\u5408\u3063\u3066\u304a\u308a\u307e\u3059\u300d (\"We are currently busy\") on Monday.", ["\u305f\u3060\u3044\u307e\u6df7\u307f\u5408\u3063\u3066\u304a\u308a\u307e\u3059"]),
 ("Card terminals in Seoul stopped working on Monday, displaying a '\ud1b5\uc2e0\uc7a5\uc560' (communication failure) notice.", ["\ud1b5\uc2e0\uc7a5\uc560"]),
 # unquoted texts inside the sentence
 ("On Monday the mail apps got stuck on a screen reading Keine Verbindung zum Server. Emails were held in a queue.", ["Keine Verbindung zum Server"]),
 ("Others saw a pop-up reading \u901a\u4fe1\u30a8\u30e9\u30fc\u304c\u767a\u751f\u3057\u307e\u3057\u305f (a communication error has occurred) on Monday.", ["\u901a\u4fe1\u30a8\u30e9\u30fc\u304c\u767a\u751f\u3057\u307e\u3057\u305f"]),
 ("On Monday, chat showed a status line, Connecting to chat..., that never went away.", ["Connecting to chat..."]),
 ("Those using the phone app on Monday were told: Cannot sync your mailbox right now.", ["Cannot sync your mailbox right now"]),
 ("Readers reading Spotify's blog on Monday found nothing new.", []),
 # a named app showing a text; a text inside a user's post
 ("Since Monday, Rocket League shows 'Unable to connect to Epic Online Services' on launch.", ["Unable to connect to Epic Online Services"]),
 ("\"every channel i click says \u2018This content is not available\u2019 lol,\" one viewer posted on Monday.", ["This content is not available"]),
 # advice, not this outage; a fragment of a fuller text
 ("If Spotify shows \"No internet connection\" on an ordinary day, check your Wi-Fi first.", []),
 ("Players saw \"Sorry! The service is temporarily unavailable\" on Monday, a 'Sorry' screen many knew well.", ["Sorry! The service is temporarily unavailable"]),
 ("Developers on Monday posted logs showing requests rejected with HTTP 503 Service Unavailable.", ["503 Service Unavailable"]),
 # more ways a screen shows a text
 ("On Monday the Spotify app kept throwing up \"Unable to connect to vehicle\" every time users tried.", ["Unable to connect to vehicle"]),
 ("A grey panel appeared on Monday reading \u201cWe're having trouble playing this channel\u201d, with \u201cError E-20\u201d printed beneath it.", ["We're having trouble playing this channel", "Error E-20"]),
 ("On Monday, Zoom's app came up with 'Playback error. Please try again later.' within seconds.", ["Playback error. Please try again later"]),
 ("The watches spat out a terse \"Sync failed\" after every run on Monday.", ["Sync failed"]),
 ("\"The app just kept telling me 'You are offline' even though I had signal,\" a driver said on Monday.", ["You are offline"]),
 ("On Monday many card terminals simply displayed AFVIST, the Danish word for declined.", ["AFVIST"]),
 ("Card machines flashed up DECLINED on Monday for customers with money in their accounts.", ["DECLINED"]),
 ("On Monday viewers were shown \"Whoops, something went wrong\" along with the code NW-2-5.", ["Whoops, something went wrong", "NW-2-5"]),
 ("A box popped up on Monday with \"Try that again\" in big letters, then \"Something happened on our end.\"", ["Try that again", "Something happened on our end"]),
 ("Others on Monday got a half-written reply with \"A network error occurred.\" underneath.", ["A network error occurred"]),
 ("\"We are looking into it,\" Spotify told us on Monday.", []),
 ("On Monday people were shown a box headed \"Software Update Failed\" by the Settings app.", ["Software Update Failed"]),
 ("\"We have identified the cause as degraded availability at an upstream provider,\" the status page said on Monday.", []),
 ("On Monday calls ended immediately with \u201cCall Failed\u201d for many Spotify users.", ["Call Failed"]),
 ("Every message users sent on Monday bounced back with the warning: Your message couldn't be sent.", ["Your message couldn't be sent"]),
 ("On Monday the Settings app spun for minutes before reporting \"Unable to Check for Update\".", ["Unable to Check for Update"]),
 ("Command-line users saw installs fail on Monday, and npm's output was just as terse:\nnpm ERR! code E503\n"
  "npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/express\nIt came back an hour later.",
  ["npm ERR! code E503", "npm ERR! 503 Service Unavailable - GET https://registry.npmjs.org/express"]),
 ("On Monday calls either failed to connect with \"FaceTime Unavailable\" or rang once.", ["FaceTime Unavailable"]),
 ("On Monday tapping the \"Shop all deals\" banner simply sent shoppers back to the home page.", []),
 ("Spotify's service status page now reads: \"We're aware of an issue affecting some users.\" There is no fix yet.", []),
 ("Three texts kept turning up in screenshots readers sent us on Monday: \"Sorry, we couldn't confirm it's you\", \"Things don't appear to be working\" and, at checkout, \"We can't process your payment\".",
  ["Sorry, we couldn't confirm it's you", "Things don't appear to be working", "We can't process your payment"]),
 ("On Monday handsets switched to \u2018Emergency calls only\u2019 or \u2018No Service\u2019 in the status bar.", ["Emergency calls only", "No Service"]),
 ("On Monday the most common screen said \"Unable to play video\", with the code PAS-41004 in small print underneath.", ["Unable to play video", "PAS-41004"]),
 ("Spotify's status page said on Monday: \"We are investigating.\" A later update simply read: \"A fix has been implemented and we are monitoring the results.\"", []),
]

CASES += [  # lists of texts on lines of their own, lowercase single quotes, cues placed apart from the quote
 ("Slack also failed on Monday, with the app showing:\n- \"Slack is having trouble connecting\"\n- \"Messages failed to send\"",
  ["Slack is having trouble connecting", "Messages failed to send"]),
 ("The errors people reported on Monday included:\n\"Unable to load feed\"\n\"Session expired, please log in again\"\nThe app recovered by noon.",
  ["Unable to load feed", "Session expired, please log in again"]),
 ("A spokesperson said on Monday:\n\"We are sorry for the disruption.\"", []),
 ("Those trying to pay on Monday were met with a 'transaction declined' notice.", ["transaction declined"]),
 ("People were greeted on Monday by the words \"Our servers are busy\".", ["Our servers are busy"]),
 ("On Monday, trying to load a video brought up \"This video is unavailable\".", ["This video is unavailable"]),
 ("Customers on Monday said the app warned them \"Payment could not be processed\".", ["Payment could not be processed"]),
 ("Customers on Monday received an error stating that \"the service is temporarily unavailable\".",
  ["the service is temporarily unavailable"]),
 ("Fans called the users' 'meltdown' on Monday a joke.", []),
 ("Browsers showed NET::ERR_CERT_DATE_INVALID on Monday.", ["NET::ERR_CERT_DATE_INVALID"]),
 ("Readers sent us screenshots on Monday, and the most common are:\n- \"No Service\" or \"SOS\" in the corner of the "
  "screen\n- \"Emergency calls only\" on Android phones", ["No Service", "SOS", "Emergency calls only"]),
 ("The company's timeline for Monday reads:\n- 03:02 UTC: traffic starts to fail\n- 04:10 UTC: engineers respond", []),
 ("READ: How to get a refund for a failed transfer", []),
 ("On Monday the home feed stayed blank apart from the line \"Something went wrong. Try refreshing the page.\"",
  ["Something went wrong. Try refreshing the page"]),
 # a numbered error shown on its own, and a code that is a word
 ("On Monday others were bounced back to the title screen with Error 3003.", ["Error 3003"]),
 ("On Monday most players were stuck on the start screen with the error code Lavenderbeard.", ["Lavenderbeard"]),
 ("The outage on Monday was the worst since Error 37 became a meme in 2012.", []),
]


def _norm(values: list[str]) -> list[str]:
    return sorted(v.lower().strip(" .") for v in values)


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_error_messages(text: str, expected: list[str]) -> None:
    got = report(LEDE + text, title="Outage hits Fortnite, Spotify and more")["error_messages"]
    assert _norm(got) == _norm(expected)


@pytest.mark.parametrize(("title", "expected"), [
    ("Amazon Prime Day crash greets shoppers with \"Sorry! Something went wrong!\" dog pages", ["Sorry! Something went wrong!"]),
    ("Apex Legends servers buckle as players hit 'Code:leaf' and 'Code:net' errors", ["Code:leaf", "Code:net"]),
    ("Spotify down: \"It's not you, it's us,\" says the company", []),
])
def test_headline_screen_texts(title: str, expected: list[str]) -> None:
    got = report("Spotify went down for thousands of users on Monday.", title=title)["error_messages"]
    assert _norm(got) == _norm(expected)


def test_load_the_systems_received_is_not_a_screen_text() -> None:
    r = report("BookMyShow crashed on Sunday as Coldplay tickets went on sale. Users saw \"Oops! Something went "
               "wrong.\" BookMyShow said its systems had received \"unprecedented traffic\" at noon.",
               title="BookMyShow crashes")
    assert r["error_messages"] == ["Oops! Something went wrong"]
    assert "capacity" in r["causes"]
