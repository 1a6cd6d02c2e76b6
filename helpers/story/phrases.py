"""Every reader-facing phrase of the personas and recommendations, in English and Indonesian.

The seeds' readers are Indonesian; ``lang`` chooses the language of persona
names, descriptions, recommendations and section headings.
"""

from __future__ import annotations

LANGUAGES = ("en", "id")

TIERS = {
    "High-Value": {"en": "High-Value", "id": "Bernilai Tinggi"},
    "Mid-Value": {"en": "Mid-Value", "id": "Bernilai Menengah"},
    "Low-Value": {"en": "Low-Value", "id": "Bernilai Rendah"},
}

# (feature, direction) -> how a persona that stands out on it is called.
TRAITS = {
    ("Total_Transaction", 1): {"en": "Frequent Buyers", "id": "Pembeli Rutin"},
    ("Total_Transaction", -1): {"en": "Occasional Buyers", "id": "Pembeli Sesekali"},
    ("CVR", 1): {"en": "High Converters", "id": "Berkonversi Tinggi"},
    ("CVR", -1): {"en": "Low Converters", "id": "Berkonversi Rendah"},
    ("Income", 1): {"en": "Affluent Shoppers", "id": "Berpenghasilan Tinggi"},
    ("Income", -1): {"en": "Budget Shoppers", "id": "Pembelanja Hemat"},
    ("NumWebVisitsMonth", 1): {"en": "Web Browsers", "id": "Pengunjung Web Aktif"},
    ("NumWebVisitsMonth", -1): {"en": "Offline Shoppers", "id": "Pembelanja Luring"},
    ("Total_Accepted_Campaign", 1): {"en": "Campaign Responders", "id": "Responsif Kampanye"},
    ("Total_Accepted_Campaign", -1): {"en": "Campaign Skeptics", "id": "Kurang Responsif Kampanye"},
    ("Recency", 1): {"en": "Lapsing Customers", "id": "Mulai Pasif"},
    ("Recency", -1): {"en": "Recent Shoppers", "id": "Baru Berbelanja"},
    ("Total_Children", 1): {"en": "Families", "id": "Keluarga"},
    ("Total_Children", -1): {"en": "Child-Free Households", "id": "Tanpa Anak"},
}

PHRASES = {
    "description": {
        "en": "{customers} customers ({share}): median spending {spending}, income {income}, {transactions} transactions, conversion rate {cvr}.",
        "id": "{customers} pelanggan ({share}): median belanja {spending}, pendapatan {income}, {transactions} transaksi, tingkat konversi {cvr}.",
    },
    "overview": {
        "en": "{count} personas, from the highest spending to the lowest:",
        "id": "{count} persona, dari belanja tertinggi ke terendah:",
    },
    "largest": {
        "en": "The largest group is **{name}** with {share} of customers.",
        "id": "Kelompok terbesar adalah **{name}** dengan {share} pelanggan.",
    },
    "who": {"en": "Who", "id": "Siapa"},
    "worth": {
        "en": "median spending {spending} over two years; {response} accepted the last campaign ({lift}× the average)",
        "id": "median belanja {spending} selama dua tahun; {response} menerima kampanye terakhir ({lift}× rata-rata)",
    },
    "worth_label": {"en": "Worth", "id": "Nilai"},
    "do_label": {"en": "What to do", "id": "Yang perlu dilakukan"},
    "earn_label": {"en": "What it should earn", "id": "Perkiraan hasil"},
    "earn": {
        "en": "contacting all {customers} would {verb} {profit} (95% interval {low} to {high}; cost {cost} per contact, revenue {revenue} per acceptance, in the case study's units).",
        "id": "menghubungi seluruh {customers} pelanggan akan {verb} {profit} (interval 95% {low} sampai {high}; biaya {cost} per kontak, pendapatan {revenue} per penerimaan, dalam satuan studi kasus).",
    },
    "earn_verb": {"en": "earn", "id": "menghasilkan"},
    "lose_verb": {"en": "lose", "id": "merugi"},
    "evidence": {"en": "Evidence", "id": "Bukti"},
    "no_play": {"en": "No play applies.", "id": "Tidak ada strategi yang berlaku."},
    "against_all": {"en": "{label}: {value} against {base} for all customers", "id": "{label}: {value} dibanding {base} untuk semua pelanggan"},
    "heading_personas": {"en": "The personas", "id": "Persona pelanggan"},
    "heading_economics": {"en": "Campaign economics", "id": "Ekonomi kampanye"},
    "heading_targeting": {"en": "Whom to contact", "id": "Siapa yang perlu dihubungi"},
    "heading_briefs": {"en": "Recommendations by persona", "id": "Rekomendasi per persona"},
    "plan": {
        "en": "Contact **{personas}**: {customers} of customers, reaching {responders} of last campaign's responders, for an expected profit of {profit} (contacting everyone: {everyone}).",
        "id": "Hubungi **{personas}**: {customers} pelanggan, menjangkau {responders} responden kampanye terakhir, dengan perkiraan keuntungan {profit} (menghubungi semua: {everyone}).",
    },
    "rule": {
        "en": "**{persona}** if {conditions} — {customers} customers, {purity} of them in this persona",
        "id": "**{persona}** jika {conditions} — {customers} pelanggan, {purity} di antaranya persona ini",
    },
    "and": {"en": "and", "id": "dan"},
    "all_customers": {"en": "any customer", "id": "pelanggan mana pun"},
    "agreement": {
        "en": "These rules (a decision tree of depth {depth} on {features}) assign {agreement} of customers to the same persona as K-Means; the features that separate the personas most are {top}.",
        "id": "Aturan ini (pohon keputusan dengan kedalaman {depth} pada {features}) menempatkan {agreement} pelanggan pada persona yang sama dengan K-Means; fitur yang paling membedakan persona adalah {top}.",
    },
    "heading_explain": {"en": "How to tell the personas apart", "id": "Cara membedakan persona"},
    "heading_profiles": {"en": "What sets each persona apart", "id": "Apa yang membedakan setiap persona"},
    "heading_model": {"en": "The saved model", "id": "Model yang disimpan"},
    "model": {
        "en": "The model is saved as [`{model}`](../artifacts/{model}) with its card [`model.json`](../artifacts/model.json): one fitted pipeline (imputation, scaling, PCA, K-Means) with the persona names and actions. From the report folder, assign new customers with:",
        "id": "Model disimpan sebagai [`{model}`](../artifacts/{model}) dengan kartunya [`model.json`](../artifacts/model.json): satu pipeline terlatih (imputasi, penskalaan, PCA, K-Means) beserta nama persona dan tindakannya. Dari folder laporan, tetapkan persona pelanggan baru dengan:",
    },
    "plan_none": {
        "en": "No persona responds often enough to pay for the contact: contacting nobody is the most profitable plan with these costs.",
        "id": "Tidak ada persona yang cukup responsif untuk menutup biaya kontak: dengan biaya ini, tidak menghubungi siapa pun adalah rencana paling menguntungkan.",
    },
}

# Plays: what to do, and the label of the number that triggered it.
ACTIONS = {
    "loyalty_exclusivity": {
        "en": "Keep them: loyalty rewards, exclusive offers and early access to premium products.",
        "id": "Pertahankan: hadiah loyalitas, penawaran eksklusif, dan akses awal ke produk premium.",
    },
    "referral": {
        "en": "Turn their campaign enthusiasm into a referral programme with rewards for both sides.",
        "id": "Manfaatkan antusiasme mereka pada kampanye dengan program referral yang memberi hadiah kedua pihak.",
    },
    "alternative_channels": {
        "en": "Reach them outside the website: email, SMS and social media campaigns.",
        "id": "Jangkau mereka di luar website: kampanye lewat email, SMS, dan media sosial.",
    },
    "nurturing": {
        "en": "Nurture them: personalised recommendations and targeted offers that raise purchase frequency.",
        "id": "Bina mereka: rekomendasi personal dan penawaran tertarget untuk menaikkan frekuensi belanja.",
    },
    "retargeting": {
        "en": "Use their web visits: personalised site content and retargeting ads for products they viewed.",
        "id": "Manfaatkan kunjungan web mereka: konten situs yang dipersonalisasi dan iklan retargeting untuk produk yang pernah dilihat.",
    },
    "soft_selling": {
        "en": "Soft-sell: educational, helpful content rather than hard offers they ignore.",
        "id": "Soft-selling: konten edukatif dan bermanfaat, bukan penawaran keras yang mereka abaikan.",
    },
    "win_back": {
        "en": "Win them back: a reminder with a time-limited incentive before they lapse for good.",
        "id": "Tarik kembali: pengingat dengan insentif terbatas waktu sebelum mereka benar-benar pasif.",
    },
    "family_bundles": {
        "en": "Offer family bundles and deals on everyday categories.",
        "id": "Tawarkan paket keluarga dan promo untuk kebutuhan sehari-hari.",
    },
}
EVIDENCE_LABELS = {
    "Total_Spending": {"en": "mean spending", "id": "rata-rata belanja"},
    "Total_Accepted_Campaign": {"en": "campaigns accepted per customer", "id": "kampanye diterima per pelanggan"},
    "NumWebVisitsMonth": {"en": "web visits per month", "id": "kunjungan web per bulan"},
    "Total_Transaction": {"en": "transactions per customer", "id": "transaksi per pelanggan"},
    "Recency": {"en": "days since last purchase", "id": "hari sejak pembelian terakhir"},
    "Total_Children": {"en": "children at home", "id": "anak di rumah"},
}


def check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def text(key: str, lang: str, **values) -> str:
    """The phrase ``key`` in ``lang`` with ``values`` filled in."""
    return PHRASES[key][check(lang)].format(**values)


def persona_name(tier: str, trait: tuple[str, int], lang: str) -> str:
    """'High-Value Frequent Buyers' in English, 'Pembeli Rutin Bernilai Tinggi' in Indonesian."""
    tier_name, trait_name = TIERS[tier][check(lang)], TRAITS[trait][lang]
    return f"{tier_name} {trait_name}" if lang == "en" else f"{trait_name} {tier_name}"


# The pages around the notebooks: the landing page, the navigation bars and the stage titles.
PAGE_PHRASES = {
    "report_title": {"en": "Customer personality report", "id": "Laporan kepribadian pelanggan"},
    "lede": {
        "en": "{personas} customer personas among {used} of {read} customers in {file}, run on {date}.",
        "id": "{personas} persona pelanggan dari {used} di antara {read} pelanggan dalam {file}, dijalankan pada {date}.",
    },
    "personas_heading": {"en": "Personas", "id": "Persona"},
    "personas_hint": {
        "en": "Named from what sets each apart, ordered by median spending; shares are of the customers analysed. "
        "Profit is in the case study's units: each contact costs Z_CostContact, each acceptance earns Z_Revenue.",
        "id": "Dinamai dari ciri pembedanya, diurutkan menurut median belanja; persentase dihitung dari pelanggan yang dianalisis. "
        "Laba dalam satuan studi kasus: setiap kontak berbiaya Z_CostContact, setiap penerimaan menghasilkan Z_Revenue.",
    },
    "customers": {"en": "customers", "id": "pelanggan"},
    "median_income": {"en": "median income", "id": "median pendapatan"},
    "median_spending": {"en": "median spending", "id": "median belanja"},
    "median_transactions": {"en": "median transactions", "id": "median transaksi"},
    "median_cvr": {"en": "median conversion rate", "id": "median tingkat konversi"},
    "response_rate": {"en": "last campaign response", "id": "respons kampanye terakhir"},
    "expected_profit": {"en": "profit, contacting all", "id": "laba jika semua dihubungi"},
    "top_recommendation": {"en": "Top recommendation", "id": "Rekomendasi utama"},
    "stages_heading": {"en": "The analysis, stage by stage", "id": "Analisis, tahap demi tahap"},
    "stages_hint": {
        "en": "The business view shows results and text; the analyst view is the executed notebook with its code.",
        "id": "Tampilan bisnis berisi hasil dan teks; tampilan analis adalah notebook yang dijalankan beserta kodenya.",
    },
    "business_view": {"en": "business view", "id": "tampilan bisnis"},
    "analyst_view": {"en": "analyst view", "id": "tampilan analis"},
    "analyst_view_hint": {"en": "the executed notebook with its code", "id": "notebook yang dijalankan beserta kodenya"},
    "facts_heading": {"en": "What was analysed", "id": "Data yang dianalisis"},
    "data_file": {"en": "Data file", "id": "Berkas data"},
    "layout": {"en": "Layout", "id": "Format berkas"},
    "customers_fact": {
        "en": "{read} read, {used} analysed ({share}) after cleaning",
        "id": "{read} dibaca, {used} dianalisis ({share}) setelah pembersihan",
    },
    "customers_label": {"en": "Customers", "id": "Pelanggan"},
    "run": {"en": "Run", "id": "Dijalankan"},
    "parameters": {"en": "Parameters", "id": "Parameter"},
    "segmentation": {"en": "Segmentation", "id": "Segmentasi"},
    "segmentation_fact": {
        "en": "PCA and K-Means, {k} clusters, silhouette {silhouette}",
        "id": "PCA dan K-Means, {k} klaster, silhouette {silhouette}",
    },
    "project_version": {"en": "Project version", "id": "Versi proyek"},
    "footer": {"en": "Data behind the pages", "id": "Data di balik halaman"},
    "segments_csv": {"en": "every customer with their persona", "id": "setiap pelanggan dengan personanya"},
    "personas_csv": {"en": "one row per persona", "id": "satu baris per persona"},
    "summary_json": {"en": "the key results as data", "id": "hasil utama sebagai data"},
    "report_home": {"en": "Report home", "id": "Beranda laporan"},
    "position": {"en": "Stage {number} of {last}", "id": "Tahap {number} dari {last}"},
    "analyst_view_label": {"en": "analyst view, with code", "id": "tampilan analis, dengan kode"},
    "hide_code": {"en": "Hide the code (business view)", "id": "Sembunyikan kode (tampilan bisnis)"},
    "show_code": {"en": "Show the code (analyst view)", "id": "Tampilkan kode (tampilan analis)"},
}
STAGE_TITLES = {
    "00_problem_statement": {"en": "Problem statement", "id": "Rumusan masalah"},
    "01_data_preparation": {"en": "Data preparation", "id": "Persiapan data"},
    "02_exploratory_analysis": {"en": "Exploratory analysis", "id": "Analisis eksploratif"},
    "03_modeling": {"en": "Modeling", "id": "Pemodelan"},
    "04_persona_analysis": {"en": "Persona analysis", "id": "Analisis persona"},
    "05_recommendations": {"en": "Business recommendations", "id": "Rekomendasi bisnis"},
}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"),
}


def page_text(key: str, lang: str, **values) -> str:
    """The page phrase ``key`` in ``lang`` with ``values`` filled in."""
    return PAGE_PHRASES[key][check(lang)].format(**values)


def stages(stage_ids, lang: str) -> tuple[tuple[str, str], ...]:
    """(stage id, title in ``lang``) for each stage."""
    return tuple((stage, STAGE_TITLES[stage][check(lang)]) for stage in stage_ids)


def run_date(moment, lang: str) -> str:
    """'25 November 2026, 09:05 UTC'; month names are spelled in ``lang``, not in the machine's locale."""
    month = MONTHS[check(lang)][moment.month - 1]
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M %Z}".strip()
