#!/usr/bin/env python3
"""Write threads.jsonl: the labelled thread corpus of issue 7 (docs/evaluation.md, "Threads").

Written by the team, not scraped: every thread, name, handle and number is invented. A thread's
"label" is 1 when part of its comments are a coordinated campaign (near-identical or templated
testimonials from several accounts, one contact pushed by several accounts, chatbot leftovers);
each comment's "label" is 1 when it belongs to the campaign. Half of the threads are organic and
hold the hard negatives: the short replies real people post by the dozen, many people asking the
same question, a viral burst of varied comments. Deterministic: run it again to get the same file.

    python3 tests/corpus/threads/build.py > tests/corpus/threads/threads.jsonl
"""
import json
import random

rng = random.Random(7)
BASE = 1740816000  # 2025-03-01T08:00:00Z


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def person(i, style="plain"):
    first = ["Joy", "Mai", "Ana", "Rosa", "Linh", "Dewi", "Ramon", "Olga", "Somchai", "Wei", "Kim", "Sara",
             "Nina", "Paolo", "Hoa", "Budi", "Iryna", "Lucia", "Arjun", "Fatima", "Tuan", "Rina", "Marco", "Ayu"]
    name = first[i % len(first)] + " " + "ABCDEFGHIJKLMNOPRSTUVWYZ"[(i * 7) % 24] + "."
    if style == "digits":
        handle = "@%s%08d" % (first[i % len(first)].lower(), rng.randrange(10**7, 10**8))
    else:
        handle = "@%s_%s" % (first[i % len(first)].lower(), "abcdefghijklmnop"[(i * 5) % 16] * 2 + str(i % 10))
    return name, handle


def comment(i, text, t, label, style="plain", created=None):
    name, handle = person(i, style)
    c = {"id": "c%d" % i, "author": name, "handle": handle, "time": iso(t), "text": text, "label": label}
    if created is not None:
        c["account_created"] = iso(created)
    return c


def organic_times(n, start, spread):
    return sorted(start + rng.randrange(spread) for _ in range(n))


def thread(ref, lang, post, comments, label, note):
    for k, c in enumerate(comments):
        c["id"] = "%s-c%d" % (ref, k)
    return {"ref": ref, "kind": "thread", "lang": lang, "url": "https://example.org/%s" % ref,
            "text": post, "comments": comments, "label": label, "note": note}


def campaign(ref, lang, post, templates, fills, organic, burst=True, style="digits", new=True, note=""):
    """Templated testimonials from distinct accounts, mixed into organic comments."""
    out = []
    t0 = BASE + 3600
    for k, fill in enumerate(fills):
        t = t0 + (k * rng.randrange(40, 120) if burst else k * 86400 + rng.randrange(3600))
        created = t - rng.randrange(2, 20) * 86400 if new else t - rng.randrange(800, 3000) * 86400
        out.append(comment(100 + k, templates[k % len(templates)].format(**fill), t, 1, style, created))
    for k, (text, dt) in enumerate(zip(organic, organic_times(len(organic), BASE, 3 * 86400))):
        out.append(comment(200 + k, text, dt, 0, "plain", dt - rng.randrange(300, 3000) * 86400))
    out.sort(key=lambda c: c["time"])
    return thread(ref, lang, post, out, 1, note)


def organic(ref, lang, post, texts, spread=2 * 86400, note="", start=BASE):
    times = organic_times(len(texts), start, spread)
    return thread(ref, lang, post, [comment(300 + k, x, t, 0) for k, (x, t) in enumerate(zip(texts, times))], 0, note)


T = []
POST_EN = "URGENT HIRING: waiters and cleaners for Dubai hotels. Free visa and ticket, salary 1,800 USD. Message us."
ORG_EN = ["Is this legit? Where is your office?", "What are the requirements?", "I sent my CV yesterday",
          "Be careful guys, check the agency licence first", "Can women apply?", "My friend works in Dubai, hours are long"]
T.append(campaign("t01", "en", POST_EN,
    ["Got my visa in {w} weeks thanks to agent {n}, now working in {p}!"],
    [dict(w=2, n="Maria", p="Dubai"), dict(w=3, n="Linh", p="Doha"), dict(w=2, n="Ana", p="Abu Dhabi"),
     dict(w=2, n="Rosa", p="Dubai"), dict(w=1, n="Grace", p="Sharjah")], ORG_EN,
    note="templated testimonials, names and places swapped, burst, new digit-handle accounts"))
T.append(campaign("t02", "tl", "HIRING: factory workers sa Taiwan, walang placement fee, libreng ticket. PM lang po.",
    ["Salamat po kay agent {n}, nakaalis na ako papuntang {p} after {w} weeks lang, legit po talaga!"],
    [dict(n="Joy", p="Taiwan", w=2), dict(n="Liza", p="Taipei", w=3), dict(n="Mae", p="Taiwan", w=2), dict(n="Tess", p="Kaohsiung", w=2)],
    ["Interested po", "Magkano po ang sahod?", "pm sent po", "Saan po ang office niyo?", "Up", "Legit po ba ito?"],
    note="Tagalog template, burst"))
T.append(campaign("t03", "vi", "Tuyển 50 lao động đi Nhật, bao vé máy bay, lương 30 triệu/tháng. Inbox ngay.",
    ["Em đã sang {p} làm việc được {m} tháng nhờ chị {n}, công ty uy tín lắm mọi người ơi"],
    [dict(p="Nhật", m=3, n="Hoa"), dict(p="Nhật", m=2, n="Mai"), dict(p="Osaka", m=4, n="Lan"), dict(p="Tokyo", m=3, n="Hoa")],
    ["Quan tâm", "Lương bao nhiêu vậy ạ?", "ib em", "Cần bằng cấp gì không ạ?", "Quan tâm ạ"],
    note="Vietnamese template"))
T.append(campaign("t04", "id", "Lowongan kerja ke Taiwan, gaji 25 juta, tanpa biaya, tiket gratis. Hubungi admin.",
    ["Berkat bantuan agen {n} saya sudah berangkat ke {p}, gaji lancar tiap bulan, terima kasih banyak!"],
    [dict(n="Rina", p="Taiwan"), dict(n="Sari", p="Taipei"), dict(n="Dewi", p="Taiwan"), dict(n="Rina", p="Hongkong")],
    ["Minat", "Minat kak", "Syaratnya apa saja?", "Berapa biayanya?", "sudah dm"],
    note="Indonesian template"))
T.append(campaign("t05", "es", "Se buscan camareras para Europa, viaje pagado, sueldo 2000 euros. Escribe por WhatsApp.",
    ["Gracias a la agencia de {n} ya estoy trabajando en {p}, me pagaron el viaje y todo, 100% recomendado"],
    [dict(n="Laura", p="Madrid"), dict(n="Carmen", p="Milán"), dict(n="Sofía", p="Madrid"), dict(n="Lucía", p="Lisboa")],
    ["Interesada", "¿Cuáles son los requisitos?", "¿Es real esto?", "Info por favor"],
    note="Spanish template, slow (over days)", burst=False))
T.append(campaign("t06", "ru", "Работа в Дубае для девушек, модели и переводчики, перелёт и жильё за счёт компании.",
    ["Благодаря агентству {n} уже работаю в {p}, визу сделали за {w} недели, всем советую!"],
    [dict(n="Ольги", p="Дубае", w=2), dict(n="Марины", p="Дубае", w=3), dict(n="Ольги", p="Абу-Даби", w=2)],
    ["Сколько платят?", "Интересно", "А какие требования?", "Осторожно, проверьте компанию"],
    note="Russian template"))
T.append(campaign("t07", "zh", "高薪招聘客服，包吃包住，月薪2万，机票报销，联系飞机。",
    ["多亏{n}帮忙，我已经拿到签证了，现在在{p}上班，工资按时发，公司很靠谱！"],
    [dict(n="王经理", p="西港"), dict(n="李经理", p="金边"), dict(n="王经理", p="迪拜"), dict(n="张姐", p="西港")],
    ["有兴趣", "工资多少？", "要什么条件吗", "已私信"],
    note="Chinese template, character n-grams"))
T.append(campaign("t08", "th", "รับสมัครพนักงานแอดมิน ทำงานต่างประเทศ เงินเดือน 50,000 บาท มีที่พักให้",
    ["ขอบคุณพี่{n}มากค่ะ ได้วีซ่าภายใน {w} อาทิตย์ ตอนนี้ทำงานที่{p}แล้ว บริษัทดีมากค่ะ"],
    [dict(n="แอน", w=2, p="ดูไบ"), dict(n="เมย์", w=3, p="ดูไบ"), dict(n="แอน", w=2, p="โดฮา"), dict(n="ฝน", w=2, p="ดูไบ")],
    ["สนใจค่ะ", "เงินเดือนเท่าไหร่คะ", "ทักแล้วค่ะ", "ต้องใช้เอกสารอะไรบ้างคะ"],
    note="Thai template"))
# Contact reuse: different texts, one number.
def contact_thread(ref, lang, post, promos, org, note):
    out = []
    for k, text in enumerate(promos):
        t = BASE + 7200 + k * rng.randrange(600, 5400)
        out.append(comment(400 + k, text, t, 1, "plain", t - 900 * 86400))
    for k, (text, t) in enumerate(zip(org, organic_times(len(org), BASE, 86400))):
        out.append(comment(500 + k, text, t, 0))
    out.sort(key=lambda c: c["time"])
    return thread(ref, lang, post, out, 1, note)
T.append(contact_thread("t09", "en", "Work abroad! Packers needed in Poland, 1,500 EUR, no experience. Apply now.",
    ["They helped my sister, just message WhatsApp +48 512 345 678 and say you saw this post",
     "Legit recruiter, I confirm. Contact +48 512 345 678 for fast processing of papers",
     "I left in January with them, best decision ever. Number is +48 512 345 678",
     "Still hiring as of today, call or text +48 512 345 678 before slots run out"],
    ["Is there an age limit?", "Interested", "What about accommodation?", "Done"],
    "one WhatsApp number pushed by four accounts with different wording"))
T.append(contact_thread("t10", "id", "Dicari pekerja pabrik ke Malaysia, gaji 6 juta, berangkat cepat.",
    ["Saya sudah kerja di sana, hubungi WA 0812 3456 7890 langsung ya",
     "Prosesnya cepat kak, chat aja WA 0812 3456 7890 bilang dari postingan ini",
     "Terbukti amanah, admin WA 0812 3456 7890 ramah dan jujur"],
    ["Minat", "Minat kak", "Lokasi di mana?", "Up"],
    "Indonesian, one WhatsApp number from three accounts"))
# Chatbot leftovers and varied AI testimonials in a burst.
def ai_thread(ref, lang, post, texts, org, note):
    out = []
    for k, text in enumerate(texts):
        t = BASE + 5000 + k * 70
        out.append(comment(600 + k, text, t, 1, "digits", t - 5 * 86400))
    for k, (text, t) in enumerate(zip(org, organic_times(len(org), BASE, 2 * 86400))):
        out.append(comment(700 + k, text, t, 0))
    out.sort(key=lambda c: c["time"])
    return thread(ref, lang, post, out, 1, note)
T.append(ai_thread("t11", "en", POST_EN,
    ["As an AI language model, I don't have personal experiences, but this agency is known for fast visas and great salaries!",
     "Certainly! Here is a testimonial: I was skeptical at first but I got my job offer and my salary is paid on time.",
     "Thanks to agent Paolo I am now working in Qatar, very professional team, highly recommended!",
     "Got my work permit in 10 days thanks to this agency, my family is so proud. [Your Name]"],
    ["Where is the office?", "Interested", "Is there a fee?", "Sent a message"],
    "varied generated testimonials with chatbot leftovers, posted within minutes"))
T.append(campaign("t12", "en", "Caregivers needed in Canada! Sponsorship available. Comment INTERESTED.",
    ["I got my visa in {w} weeks thanks to Ma'am {n} of this agency, now I am in {p} with my family. God bless!"],
    [dict(w=3, n="Luz", p="Toronto"), dict(w=2, n="Luz", p="Calgary"), dict(w=3, n="Cora", p="Vancouver")],
    ["INTERESTED", "Interested", "interested po", "INTERESTED!!", "Interested ma'am", "Me", "interested", "Interested 🙏"],
    burst=False, style="plain", new=False, note="slow template from old accounts with ordinary handles, in an Interested thread"))
T.append(campaign("t13", "pt", "Vagas na Europa para garçons, passagem paga, salário 2.000 euros.",
    ["Consegui meu visto em {w} semanas graças à agente {n}, já estou trabalhando em {p}, super recomendo!"],
    [dict(w=2, n="Maria", p="Lisboa"), dict(w=3, n="Ana", p="Porto"), dict(w=2, n="Júlia", p="Lisboa"), dict(w=2, n="Maria", p="Madrid")],
    ["Tenho interesse", "Quais os requisitos?", "É confiável?"],
    note="Portuguese template"))
T.append(campaign("t14", "uk", "Робота в Польщі на складі, житло безкоштовно, зарплата 1500 євро.",
    ["Завдяки агенції {n} вже працюю в {p}, візу зробили за {w} тижні, всім раджу!"],
    [dict(n="Олени", p="Варшаві", w=2), dict(n="Ірини", p="Кракові", w=3), dict(n="Олени", p="Лодзі", w=2)],
    ["Цікаво", "Скільки платять?", "Які вимоги?"],
    note="Ukrainian template"))
T.append(campaign("t15", "en", POST_EN,
    ["This agency is 100% legit, {n} processed my papers and I flew to {p} after {w} weeks. Don't miss this chance!"],
    [dict(n="Sir Mark", p="Dubai", w=2), dict(n="Ma'am Joy", p="Doha", w=3), dict(n="Sir Mark", p="Riyadh", w=2),
     dict(n="Boss Ray", p="Dubai", w=2), dict(n="Ma'am Joy", p="Kuwait", w=2), dict(n="Sir Mark", p="Dubai", w=4)],
    ["Congrats to all who left!", "How much is the placement fee?", "Any age limit?", "Please check the licence at the DMW website",
     "I'm from Davao, can I apply?", "Interested", "Done", "DM sent", "What documents do I need?", "Me"],
    note="template within a busy thread, burst"))
T.append(campaign("t16", "ms", "Jawatan kosong kilang di Jepun, gaji tinggi, tiket percuma.",
    ["Terima kasih agen {n}, saya dah sampai {p} dalam {w} minggu je, kerja best dan gaji masuk ikut masa!"],
    [dict(n="Aina", p="Tokyo", w=2), dict(n="Siti", p="Osaka", w=3), dict(n="Aina", p="Tokyo", w=2)],
    ["Minat", "Berapa kos?", "Minat, pm sent"],
    note="Malay template"))

# Organic threads: the hard negatives.
INTERESTED = ["Interested", "interested", "Interested po", "interested po", "Interested!!", "Interested 🙏", "Me", "me po",
              "DM sent", "dm sent po", "Done", "done po", "Up", "up", "Interested sir", "Interested ma'am", "pm sent",
              "Interested, pm sent po", "INTERESTED", "interested here", "Interested please", "Interested po sir"]
T.append(organic("o01", "en", "Hiring: warehouse staff in Manila, 18k/month, walk-in interviews Monday.",
    [rng.choice(INTERESTED) for _ in range(40)], spread=1800, note="40 short replies in half an hour"))
T.append(organic("o02", "tl", "HIRING: service crew sa Makati, apply na!", [rng.choice(INTERESTED[:12] + ["opo interested", "Interested po ako", "pm po"]) for _ in range(25)],
    note="Tagalog short replies"))
T.append(organic("o03", "vi", "Tuyển nhân viên phục vụ nhà hàng ở Quận 1, lương 8 triệu.",
    [rng.choice(["Quan tâm", "quan tâm", "Quan tâm ạ", "ib em", "Em quan tâm", "Quan tâm ib em", "đã ib", "Up"]) for _ in range(25)],
    spread=3600, note="Vietnamese short replies in a burst"))
T.append(organic("o04", "id", "Lowongan admin toko di Bandung, gaji UMR.",
    [rng.choice(["Minat", "minat kak", "Minat gan", "sudah dm", "Minat min", "Up", "saya minat", "Minat kak, sudah dm"]) for _ in range(25)],
    note="Indonesian short replies"))
T.append(organic("o05", "en", POST_EN,
    ["How much is the placement fee?", "How much is the placement fee??", "how much is the placement fee po?",
     "How much is the placement fee", "What is the placement fee?", "how much is placement fee", "How much is the placement fee sir?",
     "Where is your office located?", "Where is your office?", "where is the office located", "What are the requirements?",
     "what are the requirements po", "What are the requirements for women?", "Is this legit?", "Is this legit??"], spread=7200,
    note="many people asking the same questions"))
T.append(organic("o06", "tl", "HIRING: DH papuntang Hong Kong, direct hire.",
    ["Magkano po ang placement fee?", "Magkano po placement fee?", "magkano po ang placement fee", "Magkano po sahod?",
     "Saan po ang office niyo?", "Saan po office?", "Pwede po ba ang 40 years old?", "Pwede po ba walang experience?",
     "Magkano po ang placement fee ma'am?", "Legit po ba ito?"], note="Tagalog questions"))
VIRAL = ["This is the third post like this today, be careful everyone", "My cousin went through this agency and it was fine honestly",
         "Why do they never say the company name?", "1,800 USD for a waiter in Dubai sounds too good", "Report this page please",
         "I worked in a Dubai hotel for 5 years, the real salary is lower", "Tagged my brother, he is looking for work",
         "Check the POEA list before you send anything", "The photo is from a stock website lol",
         "Why is the comment section so crazy today", "Sharing so my friends can see", "Who else came here from the news?",
         "My aunt says never give your passport to anyone", "They called me for an interview, let's see",
         "Is the ticket really free or will they deduct it later?", "The page was created last week",
         "lol the grammar in this post", "Stay safe everyone", "Please don't apply, my friend got stuck",
         "I applied last year and they asked for 500 dollars", "Ok this is going viral", "Watching this thread",
         "Admins please remove this", "Somebody explain what is happening"]
T.append(organic("o07", "en", POST_EN, VIRAL, spread=900, note="a viral burst of varied comments within 15 minutes"))
T.append(organic("o08", "es", "Se buscan meseros en Cancún, sueldo base más propinas.",
    ["Interesado", "Interesada", "¿Cuál es el horario?", "¿Dan hospedaje?", "Yo", "Info", "Interesado, ya envié mensaje",
     "Mi primo trabajó ahí y pagan bien", "¿Piden experiencia?", "Interesada", "Info por favor", "¿Dónde es la entrevista?"],
    note="Spanish short replies and questions"))
T.append(organic("o09", "ru", "Требуются сборщики на склад в Подмосковье, вахта 30/30.",
    ["Сколько платят?", "Сколько платят в месяц?", "сколько платят?", "Интересно", "Написал в лс", "Жильё дают?",
     "Интересует", "Какой график?", "Сколько платят за смену?", "Работал там, нормально, платят вовремя"],
    note="Russian repeated question"))
T.append(organic("o10", "zh", "招聘仓库打包员，包住，月薪六千。",
    ["有兴趣", "有兴趣", "感兴趣", "已私信", "工资多少？", "工资多少", "在哪里上班？", "有兴趣，已私信", "要求年龄吗？", "有兴趣"],
    note="Chinese short replies and questions"))
T.append(organic("o11", "th", "รับสมัครพนักงานร้านกาแฟ สาขาสีลม",
    ["สนใจค่ะ", "สนใจค่ะ", "สนใจครับ", "ทักแล้วค่ะ", "เงินเดือนเท่าไหร่คะ", "เงินเดือนเท่าไหร่คะ", "สนใจ", "ต้องมีประสบการณ์ไหมคะ", "สนใจค่ะ ทักแล้วค่ะ"],
    note="Thai short replies and questions"))
T.append(organic("o12", "en", "We are hiring nurses for our Riyadh hospital through the licensed agency ABC Manpower (DMW licence 123-LB-0000).",
    ["Interested", "My sister works there and the contract was clear, salary as promised", "Is the agency accredited?",
     "Congratulations to the new hires!", "Done", "Please pm me the requirements", "How many years of experience?",
     "I applied through them in 2019, no fees were charged", "Up", "Interested po"],
    note="a legitimate advert with two genuine, different experiences"))
T.append(organic("o13", "en", "Drivers wanted for deliveries in Cebu.",
    ["Interested, contact me at 0917 111 2233", "Me, my number 0918 222 3344", "Interested pls call 0919 333 4455",
     "Is 0920 123 4567 your number? Nobody answers", "Did anyone call 0920 123 4567?", "Is 0920 123 4567 legit?",
     "Interested", "DM sent"], note="people posting their own numbers and asking about the post's number"))
T.append(organic("o14", "en", "Part-time barista wanted, Quezon City.",
    [rng.choice(["Up", "Bump", "Me", "Done", "DM sent", "up", "Me!", "done po", "Bump!"]) for _ in range(30)],
    spread=600, note="30 one-word replies in ten minutes"))
T.append(organic("o15", "vi", "Tuyển tài xế giao hàng ở Đà Nẵng.",
    ["Lương bao nhiêu vậy ạ?", "Lương bao nhiêu vậy ạ", "lương bao nhiêu ạ?", "Cần bằng lái hạng gì không?", "Quan tâm",
     "Lương bao nhiêu vậy anh?", "Làm ở đâu vậy ạ?", "Có bao ăn ở không ạ?"], note="Vietnamese repeated question"))
T.append(organic("o16", "en", "Our bakery in Leeds is hiring a pastry chef.",
    ["Congratulations!", "Congrats!!", "congratulations 🎉", "Good luck!", "Well done team", "Congrats!", "Best bread in town",
     "Shared!", "Congratulations on the new shop"], spread=1200, note="short praise in a burst"))
T.append(organic("o17", "en", "Cleaners needed in Auckland, 25 NZD an hour.",
    ["I have worked in cleaning for six years in Wellington and I would love to apply for this job",
     "I have worked in cleaning for six years in Wellington and I would love to apply for this job",
     "I have worked in cleaning for six years in Wellington and I would love to apply for this job",
     "Is it full time?", "Interested"], note="one person posting the same comment three times"))
# o17's three copies are from one account.
for c in T[-1]["comments"][:3]:
    pass
o17 = T[-1]
first = o17["comments"][0]
for c in o17["comments"]:
    if c["text"] == first["text"]:
        c["author"], c["handle"] = first["author"], first["handle"]

for t in T:
    print(json.dumps(t, ensure_ascii=False))
