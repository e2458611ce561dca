"""The self-assessment on implementing the Convention and its Protocols, generated from the article taxonomy.

One group per instrument (`untoc`, `tip`, `som`, `fir`); inside it one group per substantive article
(`untoc_a5`), holding the same nine questions named `<group>_<part>`: status, measures, examples, challenges,
ta_needed, ta_types, priority, languages, confidential. Needs derivation finds them by these suffixes.

The fixed texts are written here in the six UN languages; article and instrument titles come from the reference
data. These are working translations, as the reference titles are.
"""

from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.questionnaires.choices import (
    IMPLEMENTATION_STATUS_LIST,
    LANGUAGES_LIST,
    PRIORITY_LIST,
    TA_TYPES_LIST,
    YES_NO_LIST,
    QuestionPart,
    QuestionType,
)
from tacoord.questionnaires.spec import ChoiceSpec, FormSpec, QuestionSpec
from tacoord.reference.models import Article, Instrument, Language, TechnicalAssistanceType

TITLE = {
    "ar": "التقييم الذاتي لتنفيذ اتفاقية الجريمة المنظمة والبروتوكولات الملحقة بها",
    "zh": "关于执行《有组织犯罪公约》及其议定书情况的自评",
    "en": "Self-assessment on implementing the Organized Crime Convention and its Protocols",
    "fr": "Auto-évaluation de l’application de la Convention contre la criminalité organisée et de ses Protocoles",
    "ru": "Самооценка осуществления Конвенции против организованной преступности и протоколов к ней",
    "es": "Autoevaluación de la aplicación de la Convención contra la Delincuencia Organizada y sus Protocolos",
}

ARTICLE_LABEL = {
    "ar": "المادة {number}: {title}",
    "zh": "第{number}条：{title}",
    "en": "Article {number}. {title}",
    "fr": "Article {number}. {title}",
    "ru": "Статья {number}. {title}",
    "es": "Artículo {number}. {title}",
}

# part: (type, choice list, required, asked only when TA is needed, label, hint)
PARTS = {
    QuestionPart.STATUS: (QuestionType.IMPLEMENTATION_STATUS, IMPLEMENTATION_STATUS_LIST, True, False, {
        "ar": "هل نفّذت دولتكم هذه المادة؟",
        "zh": "贵国是否已执行本条？",
        "en": "Has your State implemented this article?",
        "fr": "Votre État a-t-il appliqué cet article ?",
        "ru": "Осуществило ли ваше государство эту статью?",
        "es": "¿Ha aplicado su Estado este artículo?",
    }, {
        "ar": "نعم، أو نعم جزئيا، أو لا، أو لا ينطبق على دولتكم.",
        "zh": "是、部分执行、否，或对贵国不适用。",
        "en": "Yes, yes in part, no, or not applicable to your State.",
        "fr": "Oui, oui en partie, non, ou sans objet pour votre État.",
        "ru": "Да, да частично, нет или неприменимо к вашему государству.",
        "es": "Sí, sí en parte, no, o no aplicable a su Estado.",
    }),
    QuestionPart.MEASURES: (QuestionType.TEXT, "", False, False, {
        "ar": "التشريعات أو التدابير الأخرى المستشهد بها",
        "zh": "所援引的立法或其他措施",
        "en": "Legislation or other measures cited",
        "fr": "Législation ou autres mesures citées",
        "ru": "Приводимые законодательные или иные меры",
        "es": "Legislación u otras medidas citadas",
    }, {
        "ar": "اذكروا القوانين أو اللوائح أو التدابير الأخرى مع أرقام موادها، وأدرجوا روابط إلى نصوصها "
              "(في شيرلوك مثلا).",
        "zh": "请列出法律、法规或其他措施及其条款编号，并附上文本链接（例如SHERLOC中的链接）。",
        "en": "Name the laws, regulations or other measures, with their article numbers, and give links to the texts "
              "(for example in SHERLOC).",
        "fr": "Indiquez les lois, règlements ou autres mesures, avec les numéros d’articles, et les liens vers les "
              "textes (par exemple dans SHERLOC).",
        "ru": "Укажите законы, подзаконные акты или иные меры с номерами статей и приведите ссылки на тексты "
              "(например, в SHERLOC).",
        "es": "Indique las leyes, reglamentos u otras medidas, con los números de artículo, y los enlaces a los "
              "textos (por ejemplo, en SHERLOC).",
    }),
    QuestionPart.EXAMPLES: (QuestionType.TEXT, "", False, False, {
        "ar": "أمثلة على التنفيذ",
        "zh": "执行实例",
        "en": "Examples of implementation",
        "fr": "Exemples d’application",
        "ru": "Примеры осуществления",
        "es": "Ejemplos de aplicación",
    }, {
        "ar": "قضايا أو إحصاءات أو ممارسات تبيّن تطبيق المادة.",
        "zh": "表明本条得到适用的案例、统计数据或做法。",
        "en": "Cases, statistics or practices that show the article applied.",
        "fr": "Affaires, statistiques ou pratiques montrant l’application de l’article.",
        "ru": "Дела, статистические данные или практика, показывающие применение статьи.",
        "es": "Causas, estadísticas o prácticas que muestren la aplicación del artículo.",
    }),
    QuestionPart.CHALLENGES: (QuestionType.TEXT, "", False, False, {
        "ar": "التحديات التي تواجه تنفيذ هذه المادة",
        "zh": "执行本条所面临的挑战",
        "en": "Challenges in implementing this article",
        "fr": "Difficultés rencontrées dans l’application de cet article",
        "ru": "Трудности в осуществлении этой статьи",
        "es": "Dificultades para aplicar este artículo",
    }, {}),
    QuestionPart.TA_NEEDED: (QuestionType.SELECT_ONE, YES_NO_LIST, False, False, {
        "ar": "هل تحتاج دولتكم إلى مساعدة تقنية لتنفيذ هذه المادة؟",
        "zh": "贵国是否需要技术援助来执行本条？",
        "en": "Does your State need technical assistance to implement this article?",
        "fr": "Votre État a-t-il besoin d’une assistance technique pour appliquer cet article ?",
        "ru": "Нуждается ли ваше государство в технической помощи для осуществления этой статьи?",
        "es": "¿Necesita su Estado asistencia técnica para aplicar este artículo?",
    }, {}),
    QuestionPart.TA_TYPES: (QuestionType.SELECT_MULTIPLE, TA_TYPES_LIST, False, True, {
        "ar": "ما أنواع المساعدة التقنية المطلوبة؟",
        "zh": "需要哪些类型的技术援助？",
        "en": "Which types of technical assistance?",
        "fr": "Quels types d’assistance technique ?",
        "ru": "Какие виды технической помощи?",
        "es": "¿Qué tipos de asistencia técnica?",
    }, {}),
    QuestionPart.PRIORITY: (QuestionType.SELECT_ONE, PRIORITY_LIST, False, True, {
        "ar": "أولوية هذه المساعدة",
        "zh": "此项援助的优先程度",
        "en": "Priority of this assistance",
        "fr": "Priorité de cette assistance",
        "ru": "Приоритетность этой помощи",
        "es": "Prioridad de esta asistencia",
    }, {}),
    QuestionPart.LANGUAGES: (QuestionType.SELECT_MULTIPLE, LANGUAGES_LIST, False, True, {
        "ar": "اللغة أو اللغات المفضلة لتقديم المساعدة",
        "zh": "援助的首选语言",
        "en": "Preferred language(s) of the assistance",
        "fr": "Langue(s) souhaitée(s) pour l’assistance",
        "ru": "Предпочтительный язык (языки) оказания помощи",
        "es": "Idioma(s) preferido(s) para la asistencia",
    }, {}),
    QuestionPart.CONFIDENTIAL: (QuestionType.SELECT_ONE, YES_NO_LIST, False, False, {
        "ar": "هل ينبغي أن تبقى الإجابات المتعلقة بهذه المادة سرية؟",
        "zh": "关于本条的答复是否应予保密？",
        "en": "Should the answers on this article be kept confidential?",
        "fr": "Les réponses relatives à cet article doivent-elles rester confidentielles ?",
        "ru": "Должны ли ответы по этой статье оставаться конфиденциальными?",
        "es": "¿Deben mantenerse confidenciales las respuestas sobre este artículo?",
    }, {
        "ar": "إذا كان الجواب نعم، فلن يطّلع عليها إلا دولتكم والأمانة، حتى إذا نشرت دولتكم إجاباتها الأخرى.",
        "zh": "如选“是”，即使贵国公开其他答复，这些答复也仅供贵国和秘书处查阅。",
        "en": "If yes, only your State and the secretariat see them, even if your State publishes its other answers.",
        "fr": "Si oui, seuls votre État et le secrétariat les voient, même si votre État publie ses autres réponses.",
        "ru": "Если да, их увидят только ваше государство и секретариат, даже если ваше государство опубликует "
              "другие свои ответы.",
        "es": "En caso afirmativo, solo las verán su Estado y la secretaría, aunque su Estado publique sus demás "
              "respuestas.",
    }),
}

FIXED_CHOICES = {
    IMPLEMENTATION_STATUS_LIST: [
        ("yes", {"ar": "نعم", "zh": "是", "en": "Yes", "fr": "Oui", "ru": "Да", "es": "Sí"}),
        ("yes_in_part", {"ar": "نعم، جزئيا", "zh": "是，部分执行", "en": "Yes, in part", "fr": "Oui, en partie",
                         "ru": "Да, частично", "es": "Sí, en parte"}),
        ("no", {"ar": "لا", "zh": "否", "en": "No", "fr": "Non", "ru": "Нет", "es": "No"}),
        ("not_applicable", {"ar": "لا ينطبق", "zh": "不适用", "en": "Not applicable", "fr": "Sans objet",
                            "ru": "Неприменимо", "es": "No aplicable"}),
    ],
    YES_NO_LIST: [
        ("yes", {"ar": "نعم", "zh": "是", "en": "Yes", "fr": "Oui", "ru": "Да", "es": "Sí"}),
        ("no", {"ar": "لا", "zh": "否", "en": "No", "fr": "Non", "ru": "Нет", "es": "No"}),
    ],
    PRIORITY_LIST: [
        ("high", {"ar": "عالية", "zh": "高", "en": "High", "fr": "Élevée", "ru": "Высокий", "es": "Alta"}),
        ("medium", {"ar": "متوسطة", "zh": "中", "en": "Medium", "fr": "Moyenne", "ru": "Средний", "es": "Media"}),
        ("low", {"ar": "منخفضة", "zh": "低", "en": "Low", "fr": "Faible", "ru": "Низкий", "es": "Baja"}),
    ],
}


def names_in_languages(obj, field: str = "name") -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}") for code in LANGUAGE_SUFFIXES if getattr(obj, f"{field}_{code}")}


def choice_name(code: str) -> str:
    """A reference code as an XLSForm choice name ('legal-advice' stays; spaces and the like become '_')."""
    return "".join(character if character.isalnum() or character in "_-." else "_" for character in code)


def article_group_name(article: Article) -> str:
    return f"{article.instrument.code.lower()}_a{article.number}"


def article_ref(article: Article) -> str:
    return f"{article.instrument.code} {article.number}"


def article_questions(article: Article) -> list[QuestionSpec]:
    group = article_group_name(article)
    questions = []
    for part, (question_type, choice_list, required, when_needed, label, hint) in PARTS.items():
        questions.append(QuestionSpec(
            name=f"{group}_{part}", type=question_type, choice_list=choice_list, required=required,
            relevant=f"${{{group}_{QuestionPart.TA_NEEDED}}} = 'yes'" if when_needed else "",
            label=dict(label), hint=dict(hint), article_id=article.pk, part=part,
            article_ref=article_ref(article),
        ))
    return questions


def self_assessment_spec() -> FormSpec:
    """The self-assessment as it follows from the reference data loaded now."""
    articles = Article.objects.filter(is_final_clause=False).select_related("instrument")
    by_instrument: dict[int, list[Article]] = {}
    for article in articles:
        by_instrument.setdefault(article.instrument_id, []).append(article)
    groups = []
    for instrument in Instrument.objects.filter(pk__in=by_instrument):
        children = []
        for article in by_instrument[instrument.pk]:
            titles = names_in_languages(article)
            label = {code: ARTICLE_LABEL[code].format(number=article.number, title=title)
                     for code, title in titles.items()}
            children.append(QuestionSpec(name=article_group_name(article), type=QuestionType.GROUP, label=label,
                                         article_id=article.pk, article_ref=article_ref(article),
                                         children=article_questions(article)))
        groups.append(QuestionSpec(name=instrument.code.lower(), type=QuestionType.GROUP,
                                   label=names_in_languages(instrument), children=children))
    choices = [ChoiceSpec(list_name=list_name, name=name, label=dict(label))
               for list_name, items in FIXED_CHOICES.items() for name, label in items]
    choices += [ChoiceSpec(list_name=TA_TYPES_LIST, name=choice_name(ta_type.code), label=names_in_languages(ta_type))
                for ta_type in TechnicalAssistanceType.objects.all()]
    choices += [ChoiceSpec(list_name=LANGUAGES_LIST, name=choice_name(language.code),
                           label=names_in_languages(language))
                for language in Language.objects.all()]
    return FormSpec(title=dict(TITLE), questions=groups, choices=choices)
