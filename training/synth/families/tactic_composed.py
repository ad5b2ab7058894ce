"""Grooming tactic families composed from short interchangeable pieces: opener, intent core, tail.

The older tactic families fix about 300 sentences per tactic; real offenders say the same few things in endless
small variations. Each family here keeps one intent and varies everything around it through ``[a|b|c]``
alternations and slots, so a template yields hundreds of phrasings and the model has to learn the intent's core
words, not a sentence. Plain, non-graphic wording throughout (safeguarding-guidance style). See ``schema.py``.
"""

from __future__ import annotations

from groomguard.training.synth.schema import Family, tactic_family

#: Every template starts with an opener, so that no phrasing here is also a sentence of an older family (a copy
#: in two families would leak between splits).
_O = "[so|ok so|hey|btw|also|listen|quick question|random but|one thing|and]"  # openers
_T = "[ok?|alright?|yeah?|lol|x|haha|deal?|]"  # tails


def _f(label: str, intent: str, *templates: str, extra: tuple[str, ...] = ()) -> Family:
    return tactic_family(label, f"composed_{intent}", templates, extra)


FAMILIES: tuple[Family, ...] = (
    _f(
        "secrecy",
        "keep_between_us",
        _O + " [keep this|this stays|lets keep this] [between us|just us|our thing] " + _T,
        _O + " [dont|do not|never] [tell|mention this to|show this to] [anyone|your {parent}|your friends] " + _T,
        _O + " [this is|its] [our|a] [little secret|private thing|secret] [now|from now on|] " + _T,
        _O + " [nobody|no one] [needs to|has to|should] know [we talk|about us|about this] " + _T,
        _O + " [delete|clear|wipe] [our chat|these messages|this convo] [after|when you're done|tonight] " + _T,
        _O + " [your {parent}|your parents|adults] [wouldnt|would never|dont] [get it|understand us|understand] " + _T,
        _O + " [promise|swear] [you wont|not to] [tell|say anything to] [anyone|your {parent}|{name}] " + _T,
        _O + " [if anyone asks|if your {parent} asks], [say|tell them] [im from {game}|its a school friend] " + _T,
    ),
    _f(
        "coercion",
        "pressure_or_else",
        _O
        + " [if you dont|unless you] [reply|answer|do it] [now|tonight], [ill|i will] [be so hurt|tell everyone] "
        + _T,
        _O + " [after everything|after all] [ive done|i did] for you, [this is how you|you] [repay me|treat me] " + _T,
        _O + " [do it|just do it|send it] or [ill|i will] [show|send] [your {parent}|everyone|your school] our chats",
        _O + " [you owe me|you said you would|you promised], [dont|so dont] [back out|let me down] now " + _T,
        _O + " [i'll|ill] [post|share] [our messages|the screenshots|everything] [if you block me|if you leave]",
        _O + " [stop|quit] ignoring me [or else|or youll regret it|right now] " + _T,
        _O + " [youll|you will] get in [so much|big] trouble [if they find out|if i tell] " + _T,
        _O + " [no one|nobody] [will believe you|will take your side] [over me|if you tell] " + _T,
    ),
    _f(
        "risk_assessment",
        "who_is_around",
        _O + " [are you|r you] [alone|on your own|by yourself] [rn|right now|tonight|at home] " + _T,
        _O + " [when|what time] [are|do] your [parents|{parent}] [get back|get home|go to bed] " + _T,
        _O + " [does|do] your [{parent}|parents] [check|look at|read] your [phone|messages|chats] " + _T,
        _O + " [is|whos] [anyone|your {parent}|your {sibling}] [home|in the room|next to you] [rn|right now|] " + _T,
        _O + " [can|will] [anyone|your {parent}] [see|read] [this|what you type|your screen] " + _T,
        _O + " [where|which room] [is|do] [your phone|you] [at night|when you sleep|after bedtime] " + _T,
        _O + " [are your|do your] [parents|{parent}] [work late|go out|leave you home] [on {day}|at weekends|] " + _T,
        _O + " [is your|do you have a] [door lock|room to yourself|laptop in your room] " + _T,
    ),
    _f(
        "personal_info",
        "where_and_when",
        _O + " [what school|which school] [do you go to|are you at|is yours] " + _T,
        _O + " [where|what part of {town}] [do you live|are you from|is your house] " + _T,
        _O + " [whats|what is|send me] your [number|address|snap|home address] " + _T,
        _O + " [what time|when] [do you|does your] [finish school|get home|walk home] [usually|on {day}|] " + _T,
        _O + " [how old|what age|what grade] [are you|r u|are you in] [again|really|exactly|] " + _T,
        _O + " [send|show me] a [selfie|pic of your face|photo] [so i know youre real|to prove it|] " + _T,
        _O + " [which|what] [bus|route|way] do you [take|walk] [home|to school] " + _T,
        _O + " [who|what are the names of] your [friends|teachers|family] " + _T,
    ),
    _f(
        "platform_move",
        "move_app",
        _O + " [add me|lets talk|message me] on {app} [instead|its better|its private] " + _T,
        _O + " [this app|this game chat|here] [isnt safe|gets read|is monitored], [go to|use] {app} " + _T,
        _O + " [whats|send me] your {app} [username|name|handle] " + _T,
        _O + " [make|get] a [second|secret|new] account [so we can talk|for us|on {app}] " + _T,
        _O + " [download|get] {app}, [messages disappear|it deletes chats|no one can see] " + _T,
        _O + " [turn on|use] [disappearing messages|vanish mode|the timer] [for us|from now on] " + _T,
        _O + " [can we|lets] [video call|facetime|call] on {app} [tonight|later|{time}] " + _T,
        _O + " [dont|do not] use [your main|your family|the family] [account|phone] [for us|to talk to me] " + _T,
    ),
    _f(
        "meeting",
        "meet_up",
        _O + " [we should|lets|i want to] meet [up|irl|in person] [{time}|on {day}|soon] " + _T,
        _O + " [i can|ill] [pick you up|drive you|come get you] [after school|{time}|from {place}] " + _T,
        _O + " [meet me|see you] at {place} [{time}|on {day}|after school] [dont bring anyone|just you|] " + _T,
        _O + " [tell your {parent}|say] [youre at|youre going to] [{name}'s|the library] [instead|that day] " + _T,
        _O + " [im|ill be] [near|in|passing through] {town} [on {day}|{time}|soon], [come say hi|lets meet] " + _T,
        _O + " [what|which] [bus stop|corner|shop] [is near|is close to] your [school|house] " + _T,
        _O + " [i can|ill] [pay for|get you] [the bus|a taxi|a train ticket] [to see me|to meet] " + _T,
        _O + " [come|sneak] out [tonight|later|after they sleep], [ill wait|im close] " + _T,
    ),
    _f(
        "gifts",
        "offers",
        _O + " [i can|ill|want me to] [get you|buy you|send you] {gift} " + _T,
        _O + " [i can|ill] [send|give] you {game_currency} [if you want|for free|no strings] " + _T,
        _O + " [ill|i can] [send you|transfer|give you] {money} [tonight|for your birthday|just because] " + _T,
        _O + " [you deserve|youve earned] {gift} [from me|honestly|] " + _T,
        _O + " [what do you|tell me what you] want [for your birthday|most] [ill get it|i'll sort it] " + _T,
        _O + " [i'll|ill] [top up|pay for] your [phone|game|account] [this month|again|] " + _T,
        _O + " [a little|another] [present|gift] [for you|coming], [just dont|dont] tell [anyone|your {parent}] " + _T,
        _O + " [no one else|nobody] [gets you|would buy you] {gift} [like i do|but me] " + _T,
    ),
    _f(
        "trust_building",
        "special_bond",
        _O + " [youre|you are] [so mature|so grown up|way more mature] [for your age|than your friends] " + _T,
        _O + " [i|i really] [get you|understand you] [better than|more than] [anyone|your {parent}|your friends] " + _T,
        _O + " [youre|you are] [special|different|not like the others] [to me|honestly|] " + _T,
        _O + " [you can|you can always] [tell me|talk to me about] anything, [im here|i wont judge] " + _T,
        _O + " [nobody|no one] [listens to|cares about] you [like i do|the way i do] " + _T,
        _O + " [i|i honestly] [feel|think] we have a [real|special|deep] [connection|bond] " + _T,
        _O + " [your friends|they] [dont|will never] [appreciate|understand] you [like me|the way i do] " + _T,
        _O + " [i|i just] [love|like] [talking to you|our chats|how you think] [so much|more than anything] " + _T,
    ),
)
