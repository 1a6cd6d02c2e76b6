"""What a reader calls each column and each part of a chart, in every report language.

The business view never shows a raw column name (``Total_Spending``) or a chart's
default title: tables, charts, rules and sentences all take their words from here.
"""

from __future__ import annotations

from helpers.story.phrases import _, known_language

# Every column and engineered feature a reader may meet, as a reader calls it.
COLUMNS = {
    "ID": _("Customer ID", "ID pelanggan"),
    "Year_Birth": _("Birth year", "Tahun lahir"),
    "Education": _("Education", "Pendidikan"),
    "Marital_Status": _("Marital status", "Status pernikahan"),
    "Income": _("Income per year", "Pendapatan per tahun"),
    "Kidhome": _("Young children at home", "Anak kecil di rumah"),
    "Teenhome": _("Teenagers at home", "Remaja di rumah"),
    "Dt_Customer": _("Enrolment date", "Tanggal pendaftaran"),
    "Recency": _("Days since last purchase", "Hari sejak pembelian terakhir"),
    "MntCoke": _("Spending on coke (2 years)", "Belanja coke (2 tahun)"),
    "MntFruits": _("Spending on fruit (2 years)", "Belanja buah (2 tahun)"),
    "MntMeatProducts": _("Spending on meat (2 years)", "Belanja daging (2 tahun)"),
    "MntFishProducts": _("Spending on fish (2 years)", "Belanja ikan (2 tahun)"),
    "MntSweetProducts": _("Spending on sweets (2 years)", "Belanja manisan (2 tahun)"),
    "MntGoldProds": _("Spending on gold products (2 years)", "Belanja produk emas (2 tahun)"),
    "NumDealsPurchases": _("Purchases on discount", "Pembelian dengan diskon"),
    "NumWebPurchases": _("Web purchases", "Pembelian lewat web"),
    "NumCatalogPurchases": _("Catalogue purchases", "Pembelian lewat katalog"),
    "NumStorePurchases": _("Store purchases", "Pembelian di toko"),
    "NumWebVisitsMonth": _("Web visits per month", "Kunjungan web per bulan"),
    "AcceptedCmp1": _("Accepted campaign 1", "Menerima kampanye 1"),
    "AcceptedCmp2": _("Accepted campaign 2", "Menerima kampanye 2"),
    "AcceptedCmp3": _("Accepted campaign 3", "Menerima kampanye 3"),
    "AcceptedCmp4": _("Accepted campaign 4", "Menerima kampanye 4"),
    "AcceptedCmp5": _("Accepted campaign 5", "Menerima kampanye 5"),
    "Complain": _("Complained", "Pernah mengeluh"),
    "Z_CostContact": _("Cost per contact", "Biaya per kontak"),
    "Z_Revenue": _("Revenue per acceptance", "Pendapatan per penerimaan"),
    "Response": _("Accepted the last campaign", "Menerima kampanye terakhir"),
    "Membership_Duration": _("Years as a member", "Lama menjadi anggota (tahun)"),
    "Age": _("Age (years)", "Usia (tahun)"),
    "Age_Category": _("Age group", "Kelompok usia"),
    "Total_Children": _("Children at home", "Anak di rumah"),
    "Total_Transaction": _("Transactions (2 years)", "Jumlah transaksi (2 tahun)"),
    "Total_Spending": _("Total spending (2 years)", "Total belanja (2 tahun)"),
    "Total_Accepted_Campaign": _("Campaigns accepted (of 5)", "Kampanye diterima (dari 5)"),
    "CVR": _("Conversion rate (transactions per web visit)", "Tingkat konversi (transaksi per kunjungan web)"),
    "Education_Code": _("Education level", "Tingkat pendidikan"),
    "Membership_Days": _("Days as a member", "Lama menjadi anggota (hari)"),
    "In_Couple": _("Married or living together", "Menikah atau tinggal bersama"),
    "PC1": _("Principal component 1", "Komponen utama 1"),
    "PC2": _("Principal component 2", "Komponen utama 2"),
}

# How each engineered feature is computed, in words (the seed's Table 2).
DEFINITIONS = {
    "Membership_Duration": _("reference year − year of enrolment", "tahun acuan − tahun pendaftaran"),
    "Age": _("reference year − birth year", "tahun acuan − tahun lahir"),
    "Age_Category": _(
        "under 40: young adult; under 60: middle-aged adult; otherwise: older adult",
        "di bawah 40: dewasa muda; di bawah 60: dewasa paruh baya; selebihnya: dewasa tua",
    ),
    "Total_Children": _("young children + teenagers at home", "anak kecil + remaja di rumah"),
    "Total_Transaction": _(
        "purchases on discount + on the web + from the catalogue + in store",
        "pembelian dengan diskon + lewat web + lewat katalog + di toko",
    ),
    "Total_Spending": _("spending on the six product groups", "belanja pada enam kelompok produk"),
    "Total_Accepted_Campaign": _("campaigns 1 to 5 accepted", "kampanye 1 sampai 5 yang diterima"),
    "CVR": _(
        "transactions per web visit last month (0 without a visit)",
        "transaksi per kunjungan web bulan lalu (0 tanpa kunjungan)",
    ),
    "Education_Code": _(
        "high school 0, diploma 1, bachelor 2, master 3, doctorate 4",
        "SMA 0, D3 1, S1 2, S2 3, S3 4",
    ),
}

# Titles, axes and legends of the figures.
CHARTS = {
    "money_unit_rupiah": _("Rp million", "juta Rp"),
    "money_unit_plain": _("thousand plain units", "ribu satuan asli"),
    "missing_title": _("Missing values per column", "Nilai kosong per kolom"),
    "missing_none": _("No missing values", "Tidak ada nilai kosong"),
    "missing_axis": _("customers without a value", "pelanggan tanpa nilai"),
    "fences_title": _("Outliers by IQR on the filtered columns", "Pencilan menurut IQR pada kolom yang disaring"),
    "fences_axis": _("value (dashed: IQR fences)", "nilai (garis putus-putus: batas IQR)"),
    "cvr_title": _("{feature} (r = {r})", "{feature} (r = {r})"),
    "cvr_suptitle": _(
        "Conversion rate against income, spending and age", "Tingkat konversi terhadap pendapatan, belanja, dan usia"
    ),
    "income_spending_title": _("Income and total spending", "Pendapatan dan total belanja"),
    "income_spending_by_persona": _("Income and total spending by persona", "Pendapatan dan total belanja per persona"),
    "persona": _("Persona", "Persona"),
    "elbow_title": _("Distortion by number of clusters", "Distorsi menurut jumlah klaster"),
    "elbow_axis": _("distortion (sum of squared distances)", "distorsi (jumlah kuadrat jarak)"),
    "elbow_marker": _("elbow at k = {k}, distortion {score}", "siku pada k = {k}, distorsi {score}"),
    "k_axis": _("number of clusters k", "jumlah klaster k"),
    "chosen_k": _("chosen k = {k}", "k terpilih = {k}"),
    "silhouette_score": _("Silhouette (higher is better)", "Silhouette (makin tinggi makin baik)"),
    "calinski_harabasz": _("Calinski-Harabasz (higher is better)", "Calinski-Harabasz (makin tinggi makin baik)"),
    "davies_bouldin": _("Davies-Bouldin (lower is better)", "Davies-Bouldin (makin rendah makin baik)"),
    "score": _("score", "skor"),
    "silhouette_title": _(
        "How well each customer fits their persona (silhouette)",
        "Seberapa cocok setiap pelanggan dengan personanya (silhouette)",
    ),
    "silhouette_axis": _("silhouette coefficient", "koefisien silhouette"),
    "silhouette_customers": _("customers, grouped by persona", "pelanggan, dikelompokkan per persona"),
    "silhouette_mean": _("average {value}", "rata-rata {value}"),
    "pca_title": _(
        "Customers on the two principal components, by persona", "Pelanggan pada dua komponen utama, per persona"
    ),
    "standardised_units": _("standardised units", "satuan baku"),
    "shares_title": _("Share of customers by persona", "Porsi pelanggan per persona"),
    "shares_axis": _("share of customers (%)", "porsi pelanggan (%)"),
    "heatmap_title": _(
        "What sets each persona apart (mean, in standard deviations from all customers)",
        "Apa yang membedakan setiap persona (rata-rata, dalam simpangan baku dari semua pelanggan)",
    ),
    "heatmap_scale": _("standard deviations from all customers", "simpangan baku dari semua pelanggan"),
    "importance_title": _(
        "What separates the personas (decision-tree importance)",
        "Apa yang memisahkan persona (tingkat kepentingan pada pohon keputusan)",
    ),
    "importance_axis": _("share of the tree's separating power", "porsi daya pemisah pohon"),
    "profit_title": _(
        "Profit of contacting every customer of a persona (last campaign, 95% interval)",
        "Laba jika semua pelanggan suatu persona dihubungi (kampanye terakhir, interval 95%)",
    ),
    "profit_axis": _("profit (case-study monetary units)", "laba (satuan uang studi kasus)"),
    "gain_title": _(
        "Responders reached as more customers are contacted", "Responden terjangkau makin banyak pelanggan dihubungi"
    ),
    "gain_profit_title": _("Cumulative expected profit", "Perkiraan laba kumulatif"),
    "contacted_axis": _("customers contacted (%)", "pelanggan yang dihubungi (%)"),
    "responders_axis": _("last campaign's responders reached (%)", "responden kampanye terakhir yang terjangkau (%)"),
    "personas_best_first": _("personas, best first", "persona, mulai dari yang terbaik"),
    "random_targeting": _("random targeting", "penargetan acak"),
    "contact_everyone": _("contact everyone", "hubungi semua"),
    "contact_all_analysed": _("contact every analysed customer", "hubungi semua pelanggan yang dianalisis"),
    "recommended_plan": _("recommended plan", "rencana yang disarankan"),
    "plans_title": _(
        "Profit of each plan on the same {customers} customers (held-out, 95% interval)",
        "Laba setiap rencana pada {customers} pelanggan yang sama (data disisihkan, interval 95%)",
    ),
    "response_model": _("response model", "model respons"),
    "response_model_line": _("response model, likeliest first", "model respons, mulai dari yang paling mungkin"),
    "perfect_targeting": _("perfect targeting", "penargetan sempurna"),
    "likeliest_first_axis": _(
        "customers contacted, likeliest first (%)", "pelanggan dihubungi, yang paling mungkin dahulu (%)"
    ),
    "interval_band": _("95% interval", "interval 95%"),
    "the_plan": _("the plan: probability > {break_even}", "rencana: peluang > {break_even}"),
    "within_budget_point": _("within the budget: {contacts} contacts", "dalam anggaran: {contacts} kontak"),
    "the_plan_no_one": _(
        "the plan: no one (no contact pays)", "rencana: tidak seorang pun (tidak ada kontak yang menguntungkan)"
    ),
    "profit_by_share_title": _("Profit against the share contacted", "Laba menurut porsi yang dihubungi"),
    "plan_point": _(
        "the plan contacts {share} and reaches {reached} of the responders for {profit}",
        "rencana menghubungi {share} dan menjangkau {reached} responden dengan laba {profit}",
    ),
    "perfectly_calibrated": _("perfectly calibrated", "kalibrasi sempurna"),
    "break_even": _("break-even {value}", "titik impas {value}"),
    "calibration_title": _("Predicted against observed", "Prediksi dibandingkan kenyataan"),
    "predicted_axis": _(
        "predicted probability of accepting (held-out)", "peluang menerima yang diprediksi (data disisihkan)"
    ),
    "observed_axis": _("share who accepted", "porsi yang menerima"),
    "calibration_gap": _(
        "observed within {gap} percentage points of predicted", "kenyataan dalam {gap} poin persentase dari prediksi"
    ),
    "contacted_of": _("{share} ({contacted} of {customers})", "{share} ({contacted} dari {customers})"),
    "contacts_title": _(
        "Share of each persona the response model contacts (every customer of the file)",
        "Porsi tiap persona yang dihubungi model respons (seluruh pelanggan dalam berkas)",
    ),
}


def column(name: str, lang: str) -> str:
    """A column's name as a reader says it; an unknown column keeps its own name."""
    return COLUMNS[name][known_language(lang)] if name in COLUMNS else name


def definition(feature: str, lang: str) -> str:
    return DEFINITIONS[feature][known_language(lang)]


def in_sentence(name: str, lang: str) -> str:
    """A column's name inside a sentence: ``batas pendapatan per tahun``, not ``batas Pendapatan per tahun``."""
    label = column(name, lang)
    return label[:1].lower() + label[1:] if name in COLUMNS else label


def chart(key: str, lang: str, **values) -> str:
    return CHARTS[key][known_language(lang)].format(**values)
