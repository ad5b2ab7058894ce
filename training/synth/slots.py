"""Slot fillers for the template families, and ``fill`` to expand a template.

``FILLERS[slot]`` are used by the train and validation splits. For the slots in ``HELD_OUT_SLOTS`` a disjoint set of
fillers, ``HELD_OUT[slot]`` (about a fifth of the size), is used by the test split *instead*, so test conversations
mention names, apps, games, places, towns, shows and music never seen in training. ``fillers_for`` picks the right
list for a split.

Conventions a template author can rely on:

- Names of people, towns, shows and artists are capitalised; everything else is lowercase, brand names included,
  the way they are typed in chat ("snapchat", "roblox", "mcdonalds").
- ``gift`` and ``place`` carry their article ("a new phone", "the mall", "mcdonalds"): write "get you {gift}",
  "meet at {place}".
- ``food``, ``sport``, ``hobby``, ``school_subject`` are bare ("pizza", "football", "drawing", "maths").
- ``pet``, ``parent``, ``sibling``, ``relative`` are bare singular nouns: write "my {pet}", "your {parent}".
- ``time`` is a whole adverbial that needs no preposition ("tonight", "at 7", "after school", "tmrw"); ``day`` is
  a weekday, maybe with a part of the day ("saturday", "fri", "friday night"), that reads after "on", "by", "due"
  or "see you" (so no "tomorrow": that is a ``time``).
- ``money`` is a bare amount ("$20", "fifty quid", "100 bucks") that reads after "the" and "sent you".
- ``grade`` reads after "in" ("in year 8", "in 7th grade", "in sophomore year").
- ``age`` is "10" ... "16" and ``adult_age`` "19" ... "55", as digits.
- ``age_expr`` is a child's age (10-15) or school year in one of the usual chat forms, a whole phrase that can stand
  alone or after "hi," ("13", "13yo", "13 f", "13/f/ohio", "im 13", "i'm 12", "turning 14", "8th grade",
  "7th grader", "year 9", "freshman"); ``adult_age_expr`` is an adult's (19-55) the same ways ("im 34", "28 m",
  "35/m/tx").
- ``school_thing`` is a noun phrase of a child's school day ("my maths homework", "recess", "the school bus",
  "my report card"); ``home_rule`` a first-person clause about a child's home rules ("my mom says i cant",
  "im grounded", "my curfew is 8", "i have to ask my stepdad"), usable as a whole sentence or after "sorry,".
- ``body_safe`` is a plainly non-sexual everyday description ("your new hoodie", "your hair").
- ``sexual_term`` is always the single placeholder word ``lexsexual``. It stands for the lexicon category "sexual
  anatomy / sexual acts" of a licensed list the featurizer matches; no sexual word is ever written here or rendered.
  Use it as a noun ("talk about {sexual_term}"), standalone, never glued to other letters.

Nothing here is explicit, sexual or offensive.
"""

from __future__ import annotations

import random
import re

from groomguard.training.synth.schema import SLOTS

__all__ = ["FILLERS", "HELD_OUT", "HELD_OUT_SLOTS", "SPLITS", "fill", "fillers_for"]

SPLITS = ("train", "validation", "test")
#: Slots whose test-split fillers are held out of training.
HELD_OUT_SLOTS = ("name", "adult_name", "child_name", "app", "game", "place", "town", "show", "music")


def _items(text: str) -> tuple[str, ...]:
    """Split a comma- or newline-separated list, dropping blanks and duplicates (first occurrence wins)."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        for item in line.split(","):
            item = item.strip()
            if item:
                seen.setdefault(item, None)
    return tuple(seen)


def _without(items: tuple[str, ...], *exclude: tuple[str, ...]) -> tuple[str, ...]:
    drop = {x for group in exclude for x in group}
    return tuple(x for x in items if x not in drop)


# --------------------------------------------------------------------------------------------------------------------
# People

_CHILD_NAMES = _items("""
    Oliver, Jack, Harry, George, Noah, Charlie, Jacob, Alfie, Freddie, Oscar, Leo, Archie, Henry, Theo, Thomas,
    Joshua, William, James, Logan, Ethan, Mason, Liam, Lucas, Aiden, Jayden, Tyler, Dylan, Kyle, Connor, Riley,
    Callum, Ryan, Lewis, Max, Finn, Louis, Reuben, Harrison, Toby, Owen, Caleb, Elijah, Carter, Hunter, Brayden,
    Landon, Wyatt, Grayson, Jaxon, Cameron, Nathan, Evan, Austin, Chase, Blake, Cole,
    Olivia, Amelia, Isla, Ava, Emily, Sophia, Grace, Lily, Mia, Ella, Isabella, Evie, Poppy, Sophie, Chloe, Ruby,
    Freya, Jessica, Daisy, Millie, Scarlett, Evelyn, Harper, Abigail, Madison, Avery, Aubrey, Zoey, Hannah, Layla,
    Maisie, Phoebe, Erin, Holly, Megan, Katie, Ellie, Amber, Leah, Jasmine, Skye, Willow, Brooklyn, Kayla, Paige,
    Imogen, Matilda, Esme, Rosie, Summer, Lola, Aria, Luna, Bella, Hallie,
    Mateo, Santiago, Diego, Sebastian, Alejandro, Javier, Emiliano, Gael, Valentina, Camila, Sofia, Lucia, Ximena,
    Valeria, Mariana, Gabriela, Daniela,
    Aarav, Arjun, Rohan, Vihaan, Kabir, Aryan, Ishaan, Ayaan, Dev, Priya, Ananya, Diya, Anika, Saanvi, Riya, Meera,
    Isha, Kavya, Simran, Jaspreet,
    Kwame, Kofi, Chidi, Tunde, Amara, Chioma, Adaeze, Zola, Nia, Ayo, Tobi, Ife, Kemi, Abena, Jabari, Zuri,
    Haruto, Yuki, Hana, Mei, Jin, Minho, Jiwoo, Seo-yeon, Ji-ho, Jun, Xin, Sakura, Yuna, Min-jun, Linh, An,
    Omar, Yusuf, Ali, Hamza, Ibrahim, Adam, Amir, Zain, Fatima, Maryam, Zara, Noor, Yasmin, Amira, Salma, Rania,
    Bilal, Leila, Sara,
    Jakub, Kacper, Filip, Szymon, Oliwia, Zuzanna, Maja, Lena, Natalia, Nikita, Anya, Katya, Milena, Luka, Marko,
    Petra, Darius, Andrei, Ioana, Lukas,
""")

_ADULT_NAMES = _items("""
    David, Michael, John, Paul, Mark, Steven, Andrew, Richard, Robert, Christopher, Daniel, Matthew, Anthony, Kevin,
    Brian, Gary, Jason, Scott, Darren, Craig, Lee, Neil, Ian, Stuart, Martin, Simon, Peter, Keith, Gavin, Dean,
    Wayne, Shane, Greg, Todd, Derek, Travis, Brandon, Justin, Jeremy, Eric, Tony, Rob, Mike, Dave, Steve, Chris,
    Matt, Dan, Nick, Jon, Phil, Ben, Carl, Jamie,
    Sarah, Emma, Claire, Lisa, Karen, Michelle, Nicola, Rachel, Joanne, Amanda, Jennifer, Melissa, Stephanie, Laura,
    Rebecca, Kelly, Heather, Angela, Donna, Tracy, Julie, Helen, Louise, Gemma, Kirsty, Natalie, Vicky, Jo, Sam,
    Kate, Jess, Becky, Amy, Lauren, Ashley, Brittany, Courtney, Danielle, Alison, Susan,
    Miguel, Jose, Juan, Jorge, Ricardo, Fernando, Pablo, Raul, Carlos, Luis, Maria, Carmen, Rosa, Ana, Patricia,
    Veronica, Lorena, Adriana, Isabel,
    Raj, Sanjay, Vikram, Amit, Rahul, Deepak, Imran, Asif, Sunita, Neha, Pooja, Anjali, Shabana, Nadia, Harpreet,
    Navdeep,
    Olu, Chinedu, Segun, Kwesi, Emeka, Femi, Ngozi, Funmi, Blessing, Precious, Themba, Mandla, Sipho, Thandiwe,
    Hiroshi, Takeshi, Kazuki, Ming, Wei, Chen, Jae, Sung, Yoko, Keiko, Mai, Thu, Lin, Bao, Thanh,
    Mohammed, Ahmed, Hassan, Mahmoud, Nasser, Walid, Faisal, Samir, Khalid, Tariq, Mustafa, Samira, Huda, Dalia,
    Piotr, Tomasz, Marek, Pavel, Sergei, Alexei, Vlad, Ivan, Dmitri, Bogdan, Viktor, Milos, Tomas, Oksana,
    Svetlana, Irina, Agnieszka, Magda, Ivana, Elena, Vera, Aleksandra,
""")

_MORE_NAMES = _items("""
    Arthur, Albie, Frankie, Stanley, Teddy, Ronnie, Jude, Ralph, Sonny, Tommy, Bobby, Dexter, Elliot, Kai, Jasper,
    Ashton, Bradley, Declan, Ciaran, Sean, Patrick, Niall, Conor, Aidan, Cillian, Oisin, Darragh, Eoin, Fionn,
    Isaac, Samuel, Benjamin, Joseph, Alexander, Gabriel, Levi, Julian, Miles, Jordan, Xavier, Marcus, Tristan,
    Charlotte, Eleanor, Alice, Lucy, Molly, Niamh, Aoife, Siobhan, Ciara, Orla, Saoirse, Caoimhe, Roisin, Eabha,
    Victoria, Elizabeth, Annabelle, Penelope, Stella, Violet, Aurora, Savannah, Peyton, Kennedy, Taylor, Morgan,
    Jade, Tia, Demi, Keira, Courtney, Shannon, Chantelle, Jordan, Alexis, Destiny, Aaliyah, Imani, Kiara, Jada,
    Andres, Marco, Antonio, Manuel, Francisco, Rafa, Hector, Sergio, Alvaro, Ines, Elena, Paula, Alba, Carla,
    Marisol, Guadalupe, Esperanza, Pilar, Rocio,
    Sai, Vivek, Karan, Nikhil, Harjit, Gurpreet, Manpreet, Parminder, Lakshmi, Divya, Shreya, Nisha, Asha, Farhan,
    Rizwan, Tahir, Ayesha, Sana, Hira, Mehwish,
    Kelechi, Obi, Uche, Nkechi, Folake, Bisi, Yemi, Dayo, Kojo, Ama, Akosua, Esi, Mensah, Thabo, Lerato, Naledi,
    Amani, Baraka, Imani, Wanjiku, Jomo, Ayodele, Zainab,
    Takumi, Ren, Daiki, Emi, Aiko, Naoko, Jisoo, Hyun, Eun-ji, Soo-ah, Xiao, Ling, Yan, Hui, Feng, Quan, Duc, Minh,
    Trang, Phuong,
    Youssef, Mahmud, Rami, Nabil, Ziad, Karim, Nadia, Lina, Rana, Mona, Aya, Jana, Dina, Reem,
    Stefan, Nikola, Aleksandar, Mihai, Radu, Gheorghe, Kasimir, Zofia, Agata, Kinga, Marta, Ewa, Daria, Polina,
    Olga, Tatiana, Yulia, Valentin, Kirill, Artem, Bohdan, Yaroslav, Dominik, Jan, Ondrej, Lucie, Tereza, Eliska,
""")

#: Held-out names: none of these appears in any training name list.
_HELD_OUT_CHILD = _items("""
    Ezra, Silas, Rowan, Felix, Hugo, Arlo, Otis, Rory, Ivy, Iris, Hazel, Thea, Elsie, Nora, Wren, Joaquin, Renata,
    Catalina, Reyansh, Tanvi, Aditi, Obinna, Chiamaka, Sota, Aoi, Zayd, Yara, Kasia, Hiba, Efua, Mila, Beau,
    Sienna, Harvey, Nova, Kian, Cora, Jonah, Remi, Ayla, Zion, Mabel,
""")
_HELD_OUT_ADULT = _items("""
    Graham, Colin, Clive, Trevor, Barry, Duncan, Russell, Douglas, Glen, Wendy, Sharon, Dawn, Beverley, Lorraine,
    Yvonne, Denise, Gillian, Jamal, Farah, Esteban, Rashid, Kayode, Dorota, Wojciech, Seung-woo, Huong, Olena,
    Taras, Zoltan, Ramesh, Gordon, Malcolm, Kenneth, Howard, Sandra, Pamela, Rajesh, Lucinda, Desmond, Fiona,
    Ruth, Gerald,
""")
_HELD_OUT_OTHER = _items("""
    Ellis, Florence, Beatrice, Clara, Rafael, Nicolas, Paloma, Jimena, Advait, Pranav, Ritika, Nnamdi, Yaw, Adwoa,
    Lindiwe, Tendai, Wanjiru, Ryo, Riko, Hye-jin, Xiaoming, Qing, Tuan, Idris, Imane, Radek, Borys, Mirela, Sorin,
    Lorenzo, Matteo, Giulia, Chiara, Soren, Astrid, Ingrid, Anders, Leif, Manaia, Aroha, Nikau, Kiri, Aziz, Shirin,
    Parisa, Arash,
""")
_HELD_OUT_NAMES = _items(",".join((*_HELD_OUT_CHILD, *_HELD_OUT_ADULT, *_HELD_OUT_OTHER)))

_CHILD_NAME = _without(_CHILD_NAMES, _HELD_OUT_NAMES)
_ADULT_NAME = _without(_ADULT_NAMES, _HELD_OUT_NAMES)
_NAME = _without(_items(",".join((*_CHILD_NAMES, *_ADULT_NAMES, *_MORE_NAMES))), _HELD_OUT_NAMES)

_PARENT = _items("""
    mum, mom, dad, mam, mama, mommy, mummy, ma, papa, pops, step dad, stepdad, step mum, stepmom, mother, father,
    foster mum, foster dad, old man
""")
_SIBLING = _items("""
    brother, sister, little brother, little sister, big brother, big sister, older brother, older sister, bro, sis,
    twin, twin brother, twin sister, half brother, half sister, step brother, step sister, baby brother,
    baby sister
""")
_RELATIVE = _items("""
    aunt, auntie, uncle, grandma, grandpa, gran, granny, nan, nana, nanna, grandad, grandmother, grandfather, cousin,
    great aunt, great uncle, godmother, godfather, step nan, nephew, niece
""")

# --------------------------------------------------------------------------------------------------------------------
# School and ages

_AGE = tuple(str(n) for n in range(10, 17))
_ADULT_AGE = tuple(str(n) for n in range(19, 56))
_GRADE = _items("""
    year 5, year 6, year 7, year 8, year 9, year 10, year 11, yr 6, yr 7, yr 8, yr 9, yr 10, yr 11,
    5th grade, 6th grade, 7th grade, 8th grade, 9th grade, 10th grade, grade 5, grade 6, grade 7, grade 8, grade 9,
    grade 10, freshman year, sophomore year, middle school, primary 7, s1, s2, s3, first year, second year
""")
_SCHOOL_SUBJECT = _items("""
    maths, math, english, science, history, geography, art, music, pe, gym, french, spanish, german, biology,
    chemistry, physics, drama, computing, computer science, ict, re, religious studies, dt, design tech,
    social studies, algebra, geometry, food tech, latin, media studies, business studies, health
""")

# --------------------------------------------------------------------------------------------------------------------
# Ages in the forms chat uses, and a child's everyday life

_AGE_PLACES = ("ohio", "tx", "cali", "fl", "ny", "nj", "ga", "uk", "london", "manc", "ireland", "aus", "canada", "mi")
_GRADE_OF_AGE = {10: 5, 11: 6, 12: 7, 13: 8, 14: 9, 15: 10}
_YEAR_OF_AGE = {10: 6, 11: 7, 12: 8, 13: 9, 14: 10, 15: 11}
_US_YEAR = {14: "freshman", 15: "sophomore"}


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _age_forms(age: int, sexes: tuple[str, ...], places: tuple[str, ...]) -> list[str]:
    forms = [f"{age}", f"{age}yo", f"{age} yo", f"{age} y/o", f"im {age}", f"i'm {age}", f"i am {age}", f"{age} lol"]
    forms += [f"turning {age + 1}", f"almost {age + 1}", f"{age} years old", f"{age} yrs", f"age {age}"]
    for sx in sexes:
        forms += [f"{age} {sx}", f"{age}{sx}", f"{age}/{sx}", f"{sx} {age}"]
        forms += [f"{age}/{sx}/{place}" for place in places]
    return forms


def _child_age_exprs() -> tuple[str, ...]:
    out: list[str] = []
    for age in range(10, 16):
        out += _age_forms(age, ("f", "m"), _AGE_PLACES)
        grade, year = _GRADE_OF_AGE[age], _YEAR_OF_AGE[age]
        out += [f"{_ordinal(grade)} grade", f"{_ordinal(grade)} grader", f"in {_ordinal(grade)} grade"]
        out += [f"grade {grade}", f"year {year}", f"yr {year}", f"in year {year}", f"im in year {year}"]
        if age in _US_YEAR:
            out += [_US_YEAR[age], f"a {_US_YEAR[age]}", f"{_US_YEAR[age]} in high school"]
    out += ["middle school", "in middle school", "still in middle school", "not even in high school yet"]
    return tuple(dict.fromkeys(out))


def _adult_age_exprs() -> tuple[str, ...]:
    out: list[str] = []
    for age in range(19, 56):
        out += _age_forms(age, ("m", "f"), _AGE_PLACES)
    out += ["in my thirties", "in my forties", "late twenties", "mid thirties", "early forties", "over 30"]
    return tuple(dict.fromkeys(out))


_AGE_EXPR = _child_age_exprs()
_ADULT_AGE_EXPR = _adult_age_exprs()

_SCHOOL_THINGS = _items("""
    school, homework, so much homework, my homework, class, my class, recess, break time, lunch at school,
    the school bus, the bus home, the bus stop, my teacher, my homeroom teacher, my form tutor, the substitute teacher,
    my report card, report cards, parent teacher night, parents evening, middle school, primary school, my school,
    the field trip, the school trip, the school play, detention, lunch detention, my locker, the cafeteria food,
    gym class, pe, the spelling test, a pop quiz, my book report, my science project, the science fair,
    a worksheet, my times tables, show and tell, the class group chat, assembly, the school disco, school photos,
    my school uniform, the school run, after school club, my reading log, the end of term test, sats, mock exams
""")
_SCHOOL_THING = tuple(
    dict.fromkeys(
        (
            *_SCHOOL_THINGS,
            *(f"my {s} homework" for s in _SCHOOL_SUBJECT[:14]),
            *(f"my {s} teacher" for s in _SCHOOL_SUBJECT[:14]),
            *(f"{s} class" for s in _SCHOOL_SUBJECT[:14]),
            *(f"the {s} test" for s in _SCHOOL_SUBJECT[:10]),
        )
    )
)
_RULE_PARENTS = ("mom", "mum", "dad", "stepdad", "stepmom", "mam", "parents", "nan", "step mum", "foster mum")
_HOME_RULES = _items("""
    im grounded, i'm grounded till friday, im grounded again, im not allowed, i'm not allowed out on school nights,
    im not allowed on my phone after 9, im not allowed sleepovers, im not allowed to have snapchat,
    i'm not allowed to talk to strangers online, im not allowed to go to the mall alone, my bedtime is 9,
    my bedtime is half 8, its nearly my bedtime, i have to go to bed at 10 on school nights, my curfew is 8,
    my curfew is 7 on weekdays, i have to be home by 6, i have to be home before dark, my allowance is only $5,
    i get my allowance on saturday, i spent all my pocket money, i have a sleepover on friday,
    im at a sleepover rn, i have to do my chores first, i have to tidy my room first, i lost screen time,
    i only get an hour of screen time, my phone gets taken at bedtime, i need a permission slip signed,
    i have to finish homework before gaming, im getting picked up at 5
""")
_HOME_RULE = tuple(
    dict.fromkeys(
        (
            *_HOME_RULES,
            *(f"my {p} says i can't" for p in _RULE_PARENTS),
            *(f"my {p} wont let me" for p in _RULE_PARENTS),
            *(f"i have to ask my {p}" for p in _RULE_PARENTS),
            *(f"my {p} takes my phone at 9" for p in _RULE_PARENTS[:6]),
            *(f"my {p} grounded me" for p in _RULE_PARENTS[:6]),
            *(f"my {p} checks my phone" for p in _RULE_PARENTS[:6]),
            *(f"my {p} is picking me up from school" for p in _RULE_PARENTS[:6]),
        )
    )
)

# --------------------------------------------------------------------------------------------------------------------
# Apps, games, money and gifts

_APP = _items("""
    snapchat, snap, sc, whatsapp, whats app, telegram, tele, tg, discord, dc, kik, signal, instagram, insta, ig,
    tiktok, tik tok, facebook, fb, messenger, fb messenger, skype, facetime, imessage, google chat, twitter,
    reddit, twitch, omegle, monkey, chatroulette, yubo, bereal, threads, groupme,
    my other account, my private account, my spam account, my second account, my finsta
""")
_APP_HELD_OUT = _items("""
    wickr, session, threema, viber, line, wechat, wire, ome tv, my alt, azar
""")

_GAME = _items("""
    roblox, fortnite, minecraft, among us, valorant, call of duty, cod, warzone, apex, apex legends, overwatch,
    league of legends, rocket league, fifa, ea fc, gta, gta online, animal crossing, mario kart, smash bros,
    splatoon, pokemon go, pokemon scarlet, genshin, genshin impact, honkai star rail, brawl stars, clash royale,
    clash of clans, subway surfers, candy crush, stumble guys, fall guys, rainbow six siege, counter strike, cs2,
    dota 2, pubg, free fire, mobile legends, terraria, stardew valley, the sims, sims 4, zelda, rust,
    sea of thieves, phasmophobia, lethal company, geometry dash, osu, beat saber, vrchat, rec room, gorilla tag,
    hypixel, bedwars, adopt me, brookhaven, blox fruits, doors, bloxburg, arsenal, elden ring, destiny 2, halo,
    forza, nba 2k, madden, hollow knight, palworld, helldivers 2, marvel rivals, warframe, runescape,
    world of warcraft, xbox, ps5, switch, steam
""")
_GAME_HELD_OUT = _items("""
    dead by daylight, the finals, deep rock galactic, slime rancher, moviestarplanet, msp, toca boca, gacha life,
    pokemon unite, skyrim, gran turismo, pet simulator 99, jailbreak, tower of hell, fnaf
""")

_GAME_CURRENCY = _items("""
    robux, v-bucks, vbucks, minecoins, gems, coins, fifa points, cod points, primogems, diamonds, gold bars,
    valorant points, vp, riot points, rp, apex coins, crystals, tokens, credits, steam credit
""")

_GIFT = _items("""
    a new phone, an iphone, a phone, a gift card, an amazon gift card, a steam gift card, an itunes card,
    a google play card, a psn card, an xbox gift card, a roblox gift card, some robux, some v-bucks, a new skin,
    a battle pass, a fortnite skin, a new game, a switch, a ps5, an xbox, a gaming headset, headphones, airpods,
    a speaker, a smartwatch, a tablet, an ipad, a laptop, a new controller, a gaming chair, new trainers,
    some sneakers, new shoes, air forces, a hoodie, a jacket, a football shirt, a jersey, a cap, a bag,
    a backpack, a watch, a bracelet, some makeup, a makeup set, some lip gloss, some nail polish, a plushie,
    a teddy, a lego set, a skateboard, a scooter, a bike, concert tickets, tickets to a match, cinema tickets,
    some sweets, chocolates, a pizza, a takeaway, a phone case, a charger, a book, a drawing tablet,
    art supplies, a guitar, a keyboard, a gaming mouse, a new top
""")

_MONEY = _items("""
    $5, $10, $20, $25, $30, $40, $50, $100, $200, £5, £10, £15, £20, £25, £30, £40, £50, £100, €10, €20, €25, €30,
    €50, €100, fifty quid, twenty quid, ten quid, five quid, 100 bucks, 50 bucks, 20 bucks, ten bucks,
    100 dollars, 20 dollars, 50 dollars, 200 dollars, 30 pounds, 40 pounds, 100 euros
""")


# --------------------------------------------------------------------------------------------------------------------
# Places and times

_PLACE = _items("""
    the mall, the park, the cinema, the movies, the library, the skate park, the bus station, the train station,
    starbucks, mcdonalds, maccies, subway, kfc, greggs, costa, the shopping centre, the high street, the arcade,
    the bowling alley, the leisure centre, the swimming pool, the pool, the beach, the rec, the playground,
    the football pitch, the sports centre, the gym, the ice rink, the trampoline park, laser tag, the youth club,
    the corner shop, the chippy, the food court, primark, walmart, target, the pier, the boardwalk, the lake,
    the museum, the zoo, the aquarium, the town centre, downtown, the square, the market, the dog park,
    the community centre, the rec centre, nandos, pizza hut, five guys, wendys, taco bell, chipotle, the cafe,
    the bakery, the diner, the bus stop, the stadium, the theme park, the fair, the water park, tesco, asda
""")
_PLACE_HELD_OUT = _items("""
    the botanical gardens, the marina, the roller rink, the escape room, gamestop, the comic shop,
    the farmers market, the science centre, tim hortons, dunkin, the boating lake, the climbing wall, the arcade bar
""")

_TOWN = _items("""
    London, Manchester, Birmingham, Leeds, Liverpool, Sheffield, Bristol, Newcastle, Nottingham, Leicester,
    Coventry, Bradford, Hull, Stoke, Wolverhampton, Derby, Southampton, Portsmouth, Plymouth, Reading, Brighton,
    Norwich, Exeter, York, Oxford, Cambridge, Bath, Swindon, Luton, Milton Keynes, Northampton, Peterborough,
    Ipswich, Colchester, Chelmsford, Southend, Basildon, Croydon, Watford, Slough, Guildford, Crawley, Maidstone,
    Canterbury, Dover, Hastings, Eastbourne, Bournemouth, Poole, Swansea, Cardiff, Newport, Wrexham, Glasgow,
    Edinburgh, Aberdeen, Dundee, Stirling, Paisley, Belfast, Derry, Lisburn, Blackpool, Preston, Bolton, Wigan,
    Stockport, Oldham, Rochdale, Burnley, Blackburn, Warrington, Chester, Crewe, Huddersfield, Wakefield,
    Doncaster, Barnsley, Rotherham, Sunderland, Middlesbrough, Darlington, Durham, Lancaster, Gloucester,
    Cheltenham, Worcester, Hereford, Shrewsbury, Telford, Lincoln, Grimsby, Mansfield, Chesterfield, Bedford,
    Stevenage, Harlow, Basingstoke, Salisbury, Taunton, Torquay, Weymouth, Corby, Solihull, Dudley, Walsall,
    Nuneaton,
    Dublin, Cork, Galway, Limerick, Waterford, Kilkenny, Sligo, Drogheda, Dundalk, Athlone,
    Chicago, Houston, Phoenix, Dallas, Austin, Denver, Seattle, Portland, Boston, Atlanta, Miami, Orlando, Tampa,
    Nashville, Memphis, Detroit, Cleveland, Columbus, Cincinnati, Pittsburgh, Philadelphia, Baltimore, Richmond,
    Charlotte, Raleigh, Louisville, Indianapolis, Milwaukee, Minneapolis, Omaha, Kansas City, St. Louis, Tulsa,
    Oklahoma City, Albuquerque, Tucson, Las Vegas, Salt Lake City, Sacramento, San Diego, San Jose, Fresno,
    Bakersfield, Los Angeles, San Francisco, Oakland, Anchorage, Honolulu, El Paso, San Antonio, Fort Worth,
    Jacksonville, Savannah, Little Rock, Des Moines, Madison, Buffalo, Rochester, Syracuse, Albany, Hartford,
    Providence, Newark, Jersey City, Allentown, Scranton, Akron, Toledo, Dayton, Lexington, Knoxville,
    Chattanooga, Greenville, Charleston, Baton Rouge, New Orleans, Wichita, Sioux Falls, Reno, Eugene, Tacoma,
    Plano, Irvine, Riverside, Pasadena, Gainesville, Tallahassee,
    Toronto, Montreal, Vancouver, Calgary, Edmonton, Ottawa, Winnipeg, Halifax, Victoria, Saskatoon, Regina,
    Kitchener, Mississauga, Brampton, Surrey, Quebec City, Windsor, Oshawa, Barrie, Guelph,
    Sydney, Melbourne, Brisbane, Perth, Adelaide, Hobart, Darwin, Canberra, Gold Coast, Wollongong, Geelong,
    Townsville, Cairns, Toowoomba, Launceston,
    Auckland, Wellington, Christchurch, Hamilton, Tauranga, Dunedin, Napier, Rotorua, Palmerston North
""")
_TOWN_HELD_OUT = _items("""
    Inverness, Truro, Kettering, Redditch, Carlisle, Harrogate, Kendal, Bangor, Aberystwyth, Falkirk, Ayr,
    Tralee, Wexford, Ennis, Boise, Spokane, Fargo, Billings, Cheyenne, Duluth, Missoula, Burlington, Asheville,
    Flagstaff, Tuscaloosa, Amarillo, Kelowna, Moncton, Sudbury, Thunder Bay, Kamloops, Lethbridge, Bendigo,
    Ballarat, Mackay, Bunbury, Mildura, Wagga Wagga, Invercargill, Whangarei, Gisborne, Timaru, Nelson
""")

_TIME = _items("""
    tonight, at 7, at 8, at 9, at 4, at 5, at 6, at half 7, at 5:30, around 6, after school, this weekend, tmrw,
    later, later tonight, tomorrow night, tomorrow after school, after dinner, before school, at lunch,
    at lunchtime, in an hour, in 10 mins, in a bit, this afternoon, this evening, after practice, after football,
    at the weekend, on the weekend, next week, in the morning, whenever, rn, right now, asap, l8r, 2nite, tmr,
    after class, during lunch, over the holidays, over half term, in the summer, on saturday, on friday night,
    sunday afternoon
""")
_DAY = _items("""
    monday, tuesday, wednesday, thursday, friday, saturday, sunday, mon, tues, weds, thurs, fri, sat, sun,
    friday night, saturday night, sunday night, saturday morning, sunday morning, monday morning,
    saturday afternoon, wednesday afternoon, thursday evening, friday after school
""")


# --------------------------------------------------------------------------------------------------------------------
# Interests

_FOOD = _items("""
    pizza, burgers, chips, fries, chicken nuggets, nuggets, pasta, spaghetti, mac and cheese, tacos, burritos,
    sushi, ramen, noodles, curry, fried rice, dumplings, hot dogs, sandwiches, toast, cereal, pancakes, waffles,
    ice cream, chocolate, sweets, candy, crisps, popcorn, cookies, brownies, cake, cupcakes, doughnuts,
    fish and chips, kebab, chicken wings, fried chicken, steak, roast dinner, sausage rolls, beans on toast, soup,
    salad, strawberries, watermelon, mango, grapes, jollof rice, plantain, samosas, biryani, butter chicken, naan,
    falafel, hummus, shawarma, pho, bubble tea, milkshakes, smoothies, slushies, hot chocolate, nachos,
    quesadillas, lasagne, garlic bread, bagels, croissants, empanadas, arepas
""")
_SPORT = _items("""
    football, soccer, basketball, netball, rugby, cricket, tennis, swimming, gymnastics, dance, athletics, track,
    cross country, hockey, ice hockey, baseball, softball, volleyball, badminton, table tennis, boxing, karate,
    judo, taekwondo, cycling, skateboarding, surfing, skiing, snowboarding, horse riding, golf, lacrosse,
    american football, cheerleading, climbing, rowing, running, parkour, archery, fencing
""")
_HOBBY = _items("""
    drawing, painting, reading, writing stories, baking, cooking, gaming, coding, knitting, crochet, sewing,
    origami, lego, playing guitar, playing piano, singing, dancing, skateboarding, fishing, camping, hiking,
    gardening, collecting cards, pokemon cards, chess, puzzles, rubik's cubes, anime, cosplay, sketching,
    journaling, scrapbooking, making slime, magic tricks, juggling, birdwatching, stargazing, model kits,
    3d printing, robotics, editing videos, animation, digital art, writing fanfic, poetry, playing drums,
    playing violin, learning languages, beatboxing, making music, roller skating, reading manga, bike riding,
    scouts, drama club, choir, coin collecting, geocaching, kayaking, pottery, calligraphy, jewellery making
""")
_MUSIC = _items("""
    Taylor Swift, Billie Eilish, Olivia Rodrigo, Harry Styles, Ed Sheeran, Dua Lipa, Ariana Grande,
    Sabrina Carpenter, Drake, Central Cee, Stormzy, Dave, BTS, Blackpink, Stray Kids, NewJeans, Twice, Seventeen,
    Bad Bunny, Karol G, Shakira, Burna Boy, Wizkid, Tems, Rema, Lewis Capaldi, Sam Smith, Adele, Coldplay,
    Imagine Dragons, Arctic Monkeys, One Direction, Little Mix, The Weeknd, Bruno Mars, Post Malone,
    Justin Bieber, Selena Gomez, SZA, Beyonce, Rihanna, Kendrick Lamar, Sia, Conan Gray, Chappell Roan,
    Noah Kahan, Luke Combs, Lil Nas X, Melanie Martinez, Twenty One Pilots, Fall Out Boy, Queen, The Beatles,
    pop, rap, hip hop, drill, grime, k-pop, rock, metal, indie, country, r&b, edm, lofi, jazz, classical,
    afrobeats, reggaeton, punk, musicals, phonk
""")
_MUSIC_HELD_OUT = _items("""
    Gracie Abrams, Mitski, Zach Bryan, AJ Tracey, Rosalia, Tyla, Ateez, Le Sserafim, Hozier, Lana Del Rey,
    Dominic Fike, j-pop, drum and bass, garage, house, techno, emo
""")
_SHOW = _items("""
    Stranger Things, Wednesday, Bluey, The Simpsons, SpongeBob, Friends, The Office, Brooklyn Nine-Nine,
    Doctor Who, Naruto, One Piece, Demon Slayer, My Hero Academia, Jujutsu Kaisen, Attack on Titan, Pokemon,
    Dragon Ball, Spy x Family, Haikyuu, Avatar, The Mandalorian, Star Wars, Harry Potter, Spider-Man, Frozen,
    Encanto, Moana, Toy Story, Shrek, Minions, Inside Out, Gravity Falls, Adventure Time, Steven Universe,
    Phineas and Ferb, iCarly, Victorious, Outer Banks, Gilmore Girls, Bake Off, MasterChef, Blue Planet,
    Top Gear, MrBeast, Sidemen, Dream, Markiplier, Dude Perfect, KSI, Unspeakable, Spirited Away, Totoro,
    Wonka, Dune, Jurassic World, the Mario movie, the Sonic movie, the Minecraft movie, Wicked, Kung Fu Panda,
    Despicable Me, Paddington, Matilda, The Lion King, Sherlock, Arcane, Loki, Ted Lasso, Cobra Kai, Ninjago,
    Young Sheldon, Modern Family, The Big Bang Theory
""")
_SHOW_HELD_OUT = _items("""
    The Dragon Prince, Death Note, Bleach, Hunter x Hunter, Fullmetal Alchemist, Sailor Moon,
    Howl's Moving Castle, The Owl House, Amphibia, Miraculous, Abbott Elementary, Only Murders in the Building,
    Percy Jackson, The Bad Guys, Dan TDM, Preston, Ghibli films
""")

_PET = _items("""
    dog, puppy, cat, kitten, hamster, guinea pig, rabbit, bunny, goldfish, fish, tortoise, turtle, parrot, budgie,
    lizard, bearded dragon, gecko, snake, horse, pony, ferret, gerbil, rat, mouse, chinchilla, hedgehog, tarantula,
    canary, chicken
""")
_EMOJI = _items("""
    😂, 🤣, 😭, 😊, 🙂, 😅, 😆, 😁, 😀, 😄, 🙃, 😐, 😬, 🤔, 🙄, 😴, 😎, 🥲, 😢, 😩, 🥳, 👍, 👌, 🙏, 👋, 🤷, 💀, 🔥,
    💯, ✨, 🎮, 🎉, ❤️, 💙, :), :(, :D, xD, <3, :P, ^^, -_-
""")
_BODY_SAFE = _items("""
    your outfit, your new outfit, your outfit today, your hair, your new haircut, your new shoes,
    your new trainers, your hoodie, your new hoodie, your glasses, your new glasses, your braces,
    your makeup look, your face, your new jacket, your new top, your new dress, your new hat, your smile,
    your costume, your football kit
""")

#: The lexicon placeholder (see the module docstring); noise.PROTECTED keeps it intact.
SEXUAL_TERM = "lexsexual"

# --------------------------------------------------------------------------------------------------------------------
# Tables

FILLERS: dict[str, tuple[str, ...]] = {
    "name": _NAME,
    "adult_name": _ADULT_NAME,
    "child_name": _CHILD_NAME,
    "age": _AGE,
    "adult_age": _ADULT_AGE,
    "grade": _GRADE,
    "school_subject": _SCHOOL_SUBJECT,
    "parent": _PARENT,
    "sibling": _SIBLING,
    "relative": _RELATIVE,
    "app": _without(_APP, _APP_HELD_OUT),
    "game": _without(_GAME, _GAME_HELD_OUT),
    "game_currency": _GAME_CURRENCY,
    "gift": _GIFT,
    "money": _MONEY,
    "place": _without(_PLACE, _PLACE_HELD_OUT),
    "town": _without(_TOWN, _TOWN_HELD_OUT),
    "time": _TIME,
    "day": _DAY,
    "food": _FOOD,
    "sport": _SPORT,
    "hobby": _HOBBY,
    "music": _without(_MUSIC, _MUSIC_HELD_OUT),
    "show": _without(_SHOW, _SHOW_HELD_OUT),
    "pet": _PET,
    "emoji": _EMOJI,
    "body_safe": _BODY_SAFE,
    "age_expr": _AGE_EXPR,
    "adult_age_expr": _ADULT_AGE_EXPR,
    "school_thing": _SCHOOL_THING,
    "home_rule": _HOME_RULE,
    "sexual_term": (SEXUAL_TERM,),
}

_HELD_OUT_LISTS: dict[str, tuple[str, ...]] = {
    "name": _HELD_OUT_NAMES,
    "adult_name": _HELD_OUT_ADULT,
    "child_name": _HELD_OUT_CHILD,
    "app": _APP_HELD_OUT,
    "game": _GAME_HELD_OUT,
    "place": _PLACE_HELD_OUT,
    "town": _TOWN_HELD_OUT,
    "show": _SHOW_HELD_OUT,
    "music": _MUSIC_HELD_OUT,
}
#: Test-only fillers; an empty tuple for slots without a held-out part.
HELD_OUT: dict[str, tuple[str, ...]] = {slot: _HELD_OUT_LISTS.get(slot, ()) for slot in SLOTS}

_TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "train": FILLERS,
    "validation": FILLERS,
    "test": {slot: HELD_OUT[slot] or FILLERS[slot] for slot in FILLERS},
}


def fillers_for(slot: str, split: str) -> tuple[str, ...]:
    """The fillers of ``slot`` for ``split``: held-out fillers for the test split of a held-out slot, else FILLERS.

    Raises KeyError for an unknown slot and ValueError for an unknown split.
    """
    table = _TABLES.get(split)
    if table is None:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    try:
        return table[slot]
    except KeyError:
        raise KeyError(f"unknown slot {slot!r}; slots are schema.SLOTS") from None


_SLOT_RE = re.compile(r"\{([a-z_]+)\}")
_ALT_RE = re.compile(r"\[([^\[\]]*)\]")


def fill(template: str, rng: random.Random, split: str) -> str:
    """Expand a template: pick one option of each ``[a|b|c]`` alternation, then fill each ``{slot}`` from the
    split's fillers (see ``fillers_for``). Alternations are resolved first, so an option may contain slots.

    Deterministic for a given rng state. Raises KeyError for an unknown slot and ValueError for an unknown split.
    Braces or brackets that do not form a placeholder are left as they are.
    """
    table = _TABLES.get(split)
    if table is None:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    choice = rng.choice
    if "[" in template:
        template = _ALT_RE.sub(lambda m: choice(m.group(1).split("|")), template)
    if "{" not in template:
        return template

    def slot(m: re.Match[str]) -> str:
        options = table.get(m.group(1))
        if options is None:
            raise KeyError(f"unknown slot {{{m.group(1)}}} in template {template!r}")
        return choice(options)

    return _SLOT_RE.sub(slot, template)
