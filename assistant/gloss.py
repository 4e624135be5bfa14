"""A word-for-word English gist of a customer-care message written in Spanish, French, German, Portuguese or Italian.

The cue lists, the bundled embedder and the composer's sentence matching all read English, so a message in another
language finds its document weakly and its answer not at all ("la lámpara llegó rota" shares no word with "damaged
items"). The gist maps the words customers use about orders, returns, refunds, delivery, damage, payment and
accounts to their English counterparts, keeps numbers and question marks, and drops the rest: "Hola, la lámpara que
pedí llegó rota. ¿Qué puedo hacer?" -> "hello lamp ordered arrived broken what can i do?". It is not a translation
and is never shown to the customer: the reply is drafted in English from it, and the draft records the customer's
language so the agent knows to translate the reply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# several-word expressions first (matched on accent-folded, lower-cased text)
_PHRASES: dict[str, str] = {
    # es
    "cuanto tiempo tengo": "how long do i have", "cuanto tiempo": "how long", "que puedo hacer": "what can i do", "no he recibido": "not received",
    "no recibi": "not received", "todavia no": "still not", "aun no": "still not", "cuanto cuesta": "how much cost",
    "gastos de envio": "shipping cost", "codigo de descuento": "discount code", "tarjeta regalo": "gift card",
    "dos veces": "twice", "cambiar la direccion": "change address", "me quedan": "fit", "no funciona": "not working",
    # fr
    "combien de temps ai-je": "how long do i have", "combien de temps est-ce que j'ai": "how long do i have", "combien de temps": "how long", "que puis-je faire": "what can i do", "que dois-je faire": "what should i do",
    "pas recu": "not received", "toujours pas": "still not", "combien coute": "how much cost",
    "frais de port": "shipping cost", "carte cadeau": "gift card", "code promo": "promo code",
    "deux fois": "twice", "ca fait": "been", "il y a": "ago", "mot de passe": "password", "ne fonctionne pas": "not working", "ne marche pas": "not working",
    "tengo que": "do i have to", "hay que": "do i have to", "merece la pena": "worth it", "en efectivo": "in cash",
    "dois-je": "do i have to", "est-ce que je dois": "do i have to", "je dois": "i have to", "en especes": "in cash",
    "qu'est-ce qui se passe": "what happens", "que se passe-t-il": "what happens", "que pasa": "what happens",
    "ce que": "what",
    "estados unidos": "usa", "etats-unis": "usa", "vereinigten staaten": "usa", "stati uniti": "usa",
    "reino unido": "uk", "royaume-uni": "uk", "vereinigtes konigreich": "uk", "regno unito": "uk",
    # de
    "muss ich": "do i have to", "was passiert": "what happens", "was passiert wenn": "what happens if",
    "wie lange habe ich": "how long do i have", "wie lange": "how long", "was kann ich tun": "what can i do", "nicht erhalten": "not received",
    "noch nicht": "still not", "wie viel": "how much", "was kostet": "how much cost", "immer noch": "still",
    "zweimal": "twice", "funktioniert nicht": "not working",
    # pt
    "quanto tempo tenho": "how long do i have", "quanto tempo": "how long", "o que posso fazer": "what can i do", "nao recebi": "not received",
    "ainda nao": "still not", "quanto custa": "how much cost", "cartao presente": "gift card",
    # it
    "cosa posso fare": "what can i do", "non ho ricevuto": "not received", "ancora non": "still not",
    "quanto costa": "how much cost", "carta regalo": "gift card",
}
_WORDS: dict[str, str] = {}
_EVERYDAY = {
    "hello": "hola buenas bonjour salut hallo ola olá ciao buongiorno buenos",
    "return": "devolver devolucion devoluciones devolvi devuelvo retornar retourner retour retours renvoyer "
              "zuruckgeben zuruckschicken zurucksenden ruckgabe retoure retournieren devolucao devolvo restituire reso "
              "restituzione rendere",
    "refund": "reembolso reembolsar reintegro remboursement rembourser rembourse erstattung ruckerstattung erstatten "
              "geld rimborso rimborsare",
    "broken": "roto rota rotos rotas rompio casse cassee casses kaputt zerbrochen quebrado quebrada quebrou rotto rotta",
    "damaged": "danado danada danados endommage endommagee abime abimee beschadigt danificado danificada danneggiato "
               "danneggiata",
    "arrived": "llego llegado llegaron arrive arrivee arrives angekommen eingetroffen chegou chegaram arrivato arrivata",
    "received": "recibi recibido recu recue erhalten bekommen recebi ricevuto",
    "ordered": "pedi pedido pedidos commande commandee commandes bestellt bestellung encomenda encomendei ordinato "
               "ordine ordinare",
    "order": "orden",
    "shipping": "envio envios enviar versand versenden liefern lieferung livraison livrer expedition expedier frete "
                "spedizione spedire consegna",
    "delivery": "entrega entregar zustellung entrega consegnare",
    "deliver": "liefert livrez entregam",
    "cost": "cuesta costo coste coute cout kostet kosten custa custo costa",
    "price": "precio prix preis preco prezzo",
    "days": "dias jours tage tagen giorni",
    "weeks": "semanas semaines wochen settimane",
    "item": "articulo articulos article articles artikel artigo articolo",
    "product": "producto produit produkt produto prodotto",
    "exchange": "cambiar cambio echanger echange umtauschen umtausch trocar troca cambiare",
    "size": "talla taille grosse tamanho taglia",
    "cancel": "cancelar anular annuler stornieren cancellare",
    "payment": "pago paiement zahlung pagamento",
    "card": "tarjeta carte karte cartao carta",
    "account": "cuenta compte konto conta",
    "password": "contrasena motdepasse passwort senha",
    "warranty": "garantia garantie garanzia",
    "late": "tarde retraso retard verspatet verspatung atraso ritardo",
    "lost": "perdido perdu verloren perdido perso perdi perdio",
    "missing": "falta manque fehlt faltando manca",
    "wrong": "equivocado incorrecto mauvais falsch errado sbagliato",
    "free": "gratis gratuit kostenlos gratuito",
    "tracking": "seguimiento suivi sendungsverfolgung rastreamento tracciamento",
    "how": "como comment wie come",
    "how much": "cuanto combien quanto",
    "when": "cuando quand wann quando",
    "where": "donde ou wo onde dove",
    "why": "por porque pourquoi warum",
    "can": "puedo puede puis peux kann posso",
    "also": "tambien aussi auch tambem anche",
    "to": "a nach para",
    "lamp": "lampara lampe lampada",
    "shoes": "zapatos chaussures schuhe sapatos scarpe",
    "jacket": "chaqueta veste jacke jaqueta giacca",
    "austria": "osterreich austria autriche",
    "germany": "alemania allemagne deutschland alemanha germania",
    "france": "francia frankreich franca",
    "spain": "espana espagne spanien espanha spagna",
    "japan": "japon japao giappone",
    "italy": "italia italie italien",
    "portugal": "portugal",
    "greece": "grecia grece griechenland",
    "mexico": "mexique mexiko",
    "canada": "kanada",
    "ago": "hace ilya vor ha fa",
    "package": "paquete colis paket pacote pacco",
    "subscription": "suscripcion abonnement abo assinatura abbonamento",
    "year": "ano annee jahr anno",
    "month": "mes mois monat mese",
    "never": "nunca jamais nie nunca",  # (not "mai": Italian for never, but the month of May in German and French)
    "forgot": "olvide olvido oublie vergessen esqueci dimenticato",
    "log in": "entrar acceder connecter anmelden einloggen accedere",
    "help": "ayudar ayuda aider aide helfen hilfe ajudar ajuda aiutare aiuto",
    "address": "direccion adresse endereco indirizzo",
    "charged": "cobraron cobrado cobro debite abgebucht addebitato",
    "bill": "factura facture rechnung fatura fattura",
    "username": "usuario utilisateur benutzername utente",
    "email": "correo courriel",
    "discount": "descuento remise rabatt desconto sconto",
    "expensive": "caro cara cher chere teuer",
    "waiting": "esperando espero attends warte aguardando aspettando",
    "big": "grande grandes grand grands gross grosse",
    "small": "pequeno pequena petit petite klein piccolo",
    "colour": "color couleur farbe cor colore",
    "stain": "mancha tache fleck macchia",
    "shirt": "camisa camiseta chemise hemd camicia",
    "boots": "botas bottes stiefel stivali",
    "trousers": "pantalon pantalones hose calca pantaloni",
    "store": "tienda magasin laden loja negozio",
    "premium": "premium",
    "jeans": "jeans vaqueros",
    "paypal": "paypal",
    "member": "miembro socio membre mitglied membro",
    "for": "depuis seit",
    # beyond shops: services, plans, bookings and appointments
    "phone": "telefono movil celular portable handy telemovel cellulare",
    "stolen": "robado robada robaron vole volee gestohlen roubado roubada rubato rubata",
    "block": "bloquear bloquer bloque sperren gesperrt bloccare",
    "signed up": "inscrit inscrite inscrito inscrita registrado registrada angemeldet registriert iscritto iscritta",
    "contract": "contrato contrat vertrag contratto",
    "plan": "tarifa tarif forfait",
    "membership": "membresia adhesion mitgliedschaft abono",
    "booking": "reserva reservation buchung prenotazione",
    "appointment": "cita rendez-vous termin appuntamento consulta",
    "yesterday": "ayer hier gestern ontem ieri",
    "today": "hoy aujourd'hui heute hoje oggi",
    "signal": "senal reseau empfang sinal segnale",
    "two": "dos deux zwei duas due",
    "three": "tres trois drei tre",
    # travel, rentals and bookings
    "car": "coche carro auto voiture wagen macchina",
    "driving licence": "fuhrerschein fuhrerscheins permis carnet licencia carta patente",
    "driver": "fahrer fahrerin conductor conductora conducteur conductrice condutor motorista autista",
    "rent": "mieten miete alquilar alquiler louer location alugar aluguel noleggiare noleggio",
    "pick up": "abholen abhole hole recoger recojo recuperer retirer retirar ritirare",
    "return it": "abgeben abgabe dejar deposer riconsegnare",
    "week": "woche semana semaine settimana",
    "next": "nachste nachsten nachster proxima proximo prochaine prochain prossima prossimo",
    "need": "brauche brauchen necesito necesita besoin preciso preciso bisogno",
    "possible": "geht moglich posible possivel possibile",
    "deposit": "kaution fianza deposito caution cauzione",
    "insurance": "versicherung seguro assurance assicurazione",
    "fee": "gebuhr gebuhren tasa frais taxa tassa",
    "fuel": "benzin tank kraftstoff gasolina combustible carburant essence combustivel carburante",
    "another": "anderen andere otra otro autre outra altra altro",
    "country": "land pais pays paese",
    "international": "internacional internationalen internationaler internationale internazionale",
    "german": "deutschen deutscher deutsche aleman alemana allemand allemande alemao tedesco tedesca",
    "one-way": "einweg",
}
_SERVICE = {
    # money, cover and claims (insurance, banking, any paid service)
    "wallet": "cartera billetera portefeuille portemonnaie geldbeutel geldborse brieftasche carteira portafoglio",
    "cash": "efectivo metalico especes liquide bargeld dinheiro contanti",
    "money": "dinero plata argent geld soldi",
    "pounds": "libras livres pfund sterline",
    "euros": "euro euros",
    "dollars": "dolares dollars dollar dolares dollari",
    "police": "policia police polizei polizia comisaria",
    "report": "denuncia denunciar denuncie signaler signalement plainte anzeige melden meldung denunciare",
    "cover": "cubre cubren cubrir cobertura couvre couvert couverture deckt gedeckt abgedeckt deckung cobre "
             "copre coperto copertura",
    "covered": "cubierto cubierta assure versichert coberto assicurato",
    "insured": "asegurado asegurada versichern assurer assicurare",
    "claim": "reclamacion siniestro reclamation sinistre schadensfall schaden anspruch sinistro",
    "theft": "robo vol diebstahl roubo furto",
    "stolen": "gestohlene gestohlen",
    "declare": "declarar declarer angeben anmelden mitteilen dichiarare",
    "tell": "decir avisar informar prevenir dire sagen informieren benachrichtigen avisar dizer avvisare",
    "diagnosed": "diagnosticado diagnosticada diagnostique diagnostiquee festgestellt diagnostiziert diagnosticato",
    "illness": "enfermedad maladie krankheit doenca malattia",
    "sick": "enfermo enferma malade krank doente malato",
    "medical": "medico medica medical medizinisch medizinische medizinischen medico",
    "doctor": "doctor medecin arzt arztin medico",
    "hospital": "hospital hopital krankenhaus klinik ospedale",
    "tablets": "pastillas tabletten comprimes medicamentos medicaments medikamente remedios farmaci",
    "condition": "condicion condition zustand vorerkrankung condicao condizione",
    "extra": "extra adicional supplementaire zusatzlich aufpreis extra",
    "pay": "pagar payer zahlen bezahlen pagare",
    "paid": "pague pagado pagada paye payee bezahlt gezahlt pago pagato",
    "fly": "vuelo volar vol voler fliege fliegen flug voo volo",
    "flight": "vuelos vols fluge voos voli",
    "travel": "viaje viajar voyage voyager reise reisen viagem viajar viaggio viaggiare",
    "holiday": "vacaciones vacances urlaub ferias vacanze",
    "luggage": "maleta equipaje bagage bagages koffer gepack mala bagagem bagaglio valigia",
    "delayed": "retrasado retrasada retarde verspatet atrasado ritardato",
    "abroad": "extranjero etranger ausland exterior estero",
    "use": "usar utilizar utiliser utilise nutzen benutzen verwenden usare",
    "activate": "activar activer aktivieren ativar attivare",
    "before": "antes avant vor vorher bevor prima",
    "after": "despues apres nach danach depois dopo",
    "close": "cerrar fermer cloturer schliessen schliesse kundigen kundige fechar chiudere",
    "balance": "saldo solde guthaben",
    "transfer": "transferencia transferir virement virer uberweisung uberweisen ueberweisen transferencia bonifico",
    "send": "mandar envoyer schicken senden overweisen mandare",
    "withdraw": "retirar retire retirer abheben prelevare",
    "cash machine": "cajero distributeur geldautomat bancomat",
    "bank": "banco banque bank banca",
    "customs": "aduana aduanas douane douanes zoll alfandega dogana",
    "tax": "iva impuesto impuestos tva taxe steuer mwst imposto tasse",
    "annual": "anual annuel annuelle jahrlich jahres annuale",
    "since": "desde",
    "month": "meses monate monaten",
    "want": "quiero quisiera veux voudrais mochte will quero vorrei voglio",
    "must": "debo debe dois doit muss mussen devo deve",
    "worth": "merece vaut lohnt vale",
    "little": "poco peu wenig pouco",
    "now": "ahora maintenant jetzt agora adesso ora",
    "already": "ya deja schon bereits gia",
    "new": "nuevo nueva nouveau nouvelle neu neue neuen novo nova nuovo nuova",
    "move": "mudanza mudarme mudo demenager demenagement umziehen umzug ziehe mudar trasloco",
    "home": "casa hogar domicile maison zuhause wohnung",
    "number": "numero nummer",
    "keep": "mantener conservar garder behalten manter mantenere",
    "internet": "internet fibra fibre glasfaser",
    "mobile": "movil portable handy celular cellulare",
    "cost me": "costar coutera kosten",
    "happens": "pasa pasara arrive passiert acontece succede",
    "fee": "comision commission provision",
    "what": "que quoi was cosa",
    "go": "ir aller gehen andare",
    "get back": "recuperar recuperer zuruckbekommen zuruck recuperare",
    "back": "devuelven rendre",
    "renew": "renovar renouveler verlangern renovar rinnovare",
    "change": "cambiar modifier changer andern mudar modificare",
    "ticket": "billete billet fahrkarte bilhete biglietto",
    "free": "gratuita gratuite gratuitamente",
    "problem": "problema probleme problem",
}
for table in (_EVERYDAY, _SERVICE):  # an earlier table's reading of a form wins
    for english, forms in table.items():
        for form in forms.split():
            _WORDS.setdefault(form, english)
_TOKEN = re.compile(r"[a-z0-9_'-]+|\?")


def fold(text: str) -> str:
    """Lower case without accents ("Llegó" -> "llego", "Österreich" -> "osterreich")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


COGNATE_STEM = 6  # letters a word must keep to be read as the documents' word it starts with ("internationalen")
COGNATE_ENDING = 3  # letters of an inflection cut to find it ("-len", "-es", "-o")
_FOREIGN_SHORT = frozenset("als also auch bad dann den der des die das ein eine fast gift hat kind man mit oder "
                           "rot so war was will wo con del las los les une par pour sur est mais tout".split())


def _cognate(token: str, known: Callable[[str], bool]) -> str | None:
    """The documents' own word a foreign token is spelt as, or starts with once its inflection is cut: place names
    ("madrid"), numbers' units, and cognates ("internacional" -> "international" where the documents use it)."""
    if token in _FOREIGN_SHORT or len(token) < 4:
        return None
    if known(token):
        return token
    for cut in range(1, COGNATE_ENDING + 1):
        head = token[:-cut]
        if len(head) >= COGNATE_STEM and known(head):
            return head
    return None


_NAME_INSIDE = re.compile(r"(?<=[\w,] )([A-ZÀ-Þ][\w-]{2,})")
COMPOUND_PART = 4  # letters of the shortest word a compound is read as made of


def _compound(token: str) -> list[str] | None:
    """The English words of a compound written as one word ("jahresreiseversicherung" -> annual, travel,
    insurance), each part a word of the lists (a linking "s" or "e" between parts allowed); None unless all of it
    is read."""
    if len(token) < 2 * COMPOUND_PART:
        return None
    for cut in range(len(token) - COMPOUND_PART, COMPOUND_PART - 1, -1):
        head, rest = token[:cut], token[cut:]
        if head not in _WORDS:
            continue
        if rest in _WORDS:
            return [_WORDS[head], _WORDS[rest]]
        for tail in (rest, rest[1:] if rest[:1] in "se" else None):
            more = _compound(tail) if tail else None
            if more:
                return [_WORDS[head], *more]
    return None


def english_gist(text: str, known: Callable[[str], bool] | None = None) -> str:
    """The English gist of ``text`` (see module docstring); empty when it holds no customer-care word. ``known``
    says whether the indexed documents use a word: a word of the message they use (a place, a brand, a cognate)
    is kept as theirs."""
    # a name written with a capital inside a sentence ("el plan Max", "bei der Sparkasse") is kept where the
    # documents use it, however short (a cognate must be longer to be believed)
    names = {fold(m.group(1)) for m in _NAME_INSIDE.finditer(text)}
    folded = " " + re.sub(r"[¿¡.,;:!()\"]", " ", fold(text)).replace("?", " ? ") + " "
    folded = re.sub(r"\s+", " ", folded)
    for phrase in sorted(_PHRASES, key=len, reverse=True):
        folded = folded.replace(f" {phrase} ", f" {_PHRASES[phrase].replace(' ', '_')} ")
    out: list[str] = []
    for token in _TOKEN.findall(folded):
        if token == "?":
            if out and out[-1] != "?":
                out.append("?")
        elif "_" in token or token in _PHRASES.values():
            out.append(token.replace("_", " "))
        elif token.isdigit():
            out.append(token)
        elif token in _WORDS:
            out.append(_WORDS[token])
        elif "-" in token:  # "premium-abo": its parts
            out += [_WORDS[part] for part in token.split("-") if part in _WORDS]
        elif parts := _compound(token):  # "Jahresreiseversicherung": annual travel insurance
            out += parts
        elif known is not None and (word := _cognate(token, known)):
            out.append(word)
        elif known is not None and token in names and len(token) >= 3 and known(token):
            out.append(token)
    gist = " ".join(out).replace(" ?", "?").strip()
    # "hace 10 días", "il y a 3 jours", "vor 2 Wochen": the English order, "10 days ago"
    gist = re.sub(r"\bago ((?:\d+|two|three) (?:days|weeks))\b", r"\1 ago", gist)
    return gist if re.search(r"[a-z]{3,}", gist) else ""
