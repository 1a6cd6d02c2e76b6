"""Every phrase a reader sees, in English and Indonesian: one table per kind, one lookup.

The seeds' readers are Indonesian; ``lang`` chooses the language of the report's
sentences, headings, table headers, persona names and recommendations. Adding a
language is adding its column to these tables.
"""

from __future__ import annotations

import re

from helpers.config import LANGUAGES
from helpers.story.numbers import count


def _(en: str, id: str) -> dict[str, str]:  # noqa: A002 - the language code reads best as the keyword
    return {"en": en, "id": id}


# Persona names: a value tier and a trait, by the keys of ``helpers.segmentation.personas``.
TIERS = {
    "high-value": _("High-Value", "Bernilai Tinggi"),
    "mid-value": _("Mid-Value", "Bernilai Menengah"),
    "low-value": _("Low-Value", "Bernilai Rendah"),
}
TRAITS = {
    "frequent-buyers": _("Frequent Buyers", "Pembeli Rutin"),
    "occasional-buyers": _("Occasional Buyers", "Pembeli Sesekali"),
    "high-converters": _("High Converters", "Berkonversi Tinggi"),
    "low-converters": _("Low Converters", "Berkonversi Rendah"),
    "affluent-shoppers": _("Affluent Shoppers", "Berpenghasilan Tinggi"),
    "budget-shoppers": _("Budget Shoppers", "Pembelanja Hemat"),
    "web-browsers": _("Web Browsers", "Pengunjung Web Aktif"),
    "offline-shoppers": _("Offline Shoppers", "Pembelanja Luring"),
    "campaign-responders": _("Campaign Responders", "Responsif Kampanye"),
    "campaign-skeptics": _("Campaign Skeptics", "Kurang Responsif Kampanye"),
    "lapsing-customers": _("Lapsing Customers", "Mulai Pasif"),
    "recent-shoppers": _("Recent Shoppers", "Baru Berbelanja"),
    "families": _("Families", "Keluarga"),
    "child-free-households": _("Child-Free Households", "Tanpa Anak"),
    "customers": _("Customers", "Pelanggan"),
}

# Sentences and headings of the stage notebooks.
PHRASES = {
    # Stage 0: the problem and the file
    "file_overview": _(
        "The customer table is **{file}** ({size}) in the **{layout}** layout, with money amounts in **{currency}**. "
        "Its rows are read and checked in the data-preparation stage.",
        "Tabel pelanggan adalah **{file}** ({size}) dengan format **{layout}**, nilai uang dalam **{currency}**. "
        "Barisnya dibaca dan diperiksa pada tahap persiapan data.",
    ),
    # What --data named, when it is a folder or a glob of files (one file is named by itself).
    "input_folder": _("{files} files in {name}", "{files} berkas di {name}"),
    "input_glob": _("{files} files matching {name}", "{files} berkas yang cocok dengan {name}"),
    # Stage 1: data preparation
    "data_overview": _(
        "The table **{source}** holds **{rows} customers** with the **{columns} columns** the analysis reads; "
        "money amounts are in **{currency}**.",
        "Tabel **{source}** berisi **{rows} pelanggan** dengan **{columns} kolom** yang dibaca analisis; "
        "nilai uang dalam **{currency}**.",
    ),
    "extra_columns": _(
        "It also has {count} column(s) the analysis does not use, left out: {names}.",
        "Tabel ini juga memiliki {count} kolom yang tidak dipakai analisis dan tidak diikutsertakan: {names}.",
    ),
    "engine_pandas": _(
        "Run on **pandas**, in one process.",
        "Dijalankan dengan **pandas**, dalam satu proses.",
    ),
    "engine_dask": _(
        "Run on **Dask**, by {workers} workers; this notebook holds only what they send back.",
        "Dijalankan dengan **Dask** oleh {workers} pekerja; notebook ini hanya memegang apa yang mereka kirim kembali.",
    ),
    "learning_sample": _(
        "The rows this stage shows (the first rows, the box plots) come from a **learning sample of {sampled} of "
        "the {rows} customers**, picked by their ID with a fixed seed; every count is over all of them.",
        "Baris yang ditampilkan tahap ini (baris pertama, diagram kotak) berasal dari **sampel pembelajaran berisi "
        "{sampled} dari {rows} pelanggan**, dipilih menurut ID-nya dengan benih tetap; setiap hitungan mencakup "
        "seluruh pelanggan.",
    ),
    "quality_missing": _(
        "- **Missing values:** {total} in total, all in {columns}.",
        "- **Nilai kosong:** {total} secara keseluruhan, semuanya di {columns}.",
    ),
    "quality_missing_none": _("- **Missing values:** none.", "- **Nilai kosong:** tidak ada."),
    "quality_duplicates": _(
        "- **Duplicates:** {rows} identical rows; {customers} customers appear again under another ID",
        "- **Duplikat:** {rows} baris identik; {customers} pelanggan muncul lagi dengan ID lain",
    ),
    "duplicates_kept": _(
        " and are kept, as in the published analysis.",
        " dan tetap disertakan, seperti pada analisis yang dipublikasikan.",
    ),
    "quality_implausible": _(
        "- **Implausible values:** {birth_years} birth years imply an age over {oldest}; {zero_visits} customers "
        "had no web visit last month (their conversion rate is set to 0).",
        "- **Nilai tidak wajar:** {birth_years} tahun lahir berarti usia di atas {oldest} tahun; {zero_visits} "
        "pelanggan tidak mengunjungi web bulan lalu (tingkat konversinya diisi 0).",
    ),
    "quality_outliers": _(
        "- **Outliers:** the IQR fences on {columns} remove **{removed} customers**, leaving **{kept} of {read}** "
        "({share}). Reasons (a customer can have several): {reasons}.",
        "- **Pencilan:** batas IQR pada {columns} mengeluarkan **{removed} pelanggan**, menyisakan **{kept} dari "
        "{read}** ({share}). Alasannya (satu pelanggan bisa memiliki beberapa): {reasons}.",
    ),
    "excluded_missing_income": _("{count} without an income", "{count} tanpa pendapatan"),
    "excluded_fence": _("{count} beyond the {column} fences", "{count} di luar batas {column}"),
    "incomes_imputed": _(
        "- **Missing incomes:** {count} customers without an income were kept with the median income "
        "(`--impute-income`).",
        "- **Pendapatan kosong:** {count} pelanggan tanpa pendapatan tetap disertakan dengan median pendapatan "
        "(`--impute-income`).",
    ),
    "missing_income_warning": _(
        "- **Warning:** {share} of the customers have no income, and the published analysis leaves them all out. "
        "Run with `--impute-income` (`make report IMPUTE_INCOME=1`) to keep them with the median income.",
        "- **Peringatan:** {share} pelanggan tidak memiliki pendapatan, dan analisis yang dipublikasikan "
        "mengeluarkan semuanya. Jalankan dengan `--impute-income` (`make report IMPUTE_INCOME=1`) untuk "
        "menyertakan mereka dengan median pendapatan.",
    ),
    # Stage 2: exploration
    "strength": _("{size} {direction}", "{direction} {size}"),
    "cvr_intro": _("Correlation of the conversion rate with:", "Korelasi tingkat konversi dengan:"),
    "cvr_line": _("- **{feature}**: r = {value} ({strength})", "- **{feature}**: r = {value} ({strength})"),
    "cvr_conclusion": _(
        "The conversion rate moves most with **{top}**; **{weakest}** matters least (r = {value}).",
        "Tingkat konversi paling bergerak bersama **{top}**; **{weakest}** paling kecil kaitannya (r = {value}).",
    ),
    "income_spending": _(
        "Income and total spending have a **{strength}** relationship (r = {value}): {meaning}",
        "Pendapatan dan total belanja memiliki hubungan **{strength}** (r = {value}): {meaning}",
    ),
    "income_spending_strong": _(
        "customers who earn more spend more.",
        "pelanggan berpenghasilan lebih tinggi berbelanja lebih banyak.",
    ),
    "income_spending_weak": _(
        "income alone says little about spending.",
        "pendapatan saja tidak banyak menjelaskan belanja.",
    ),
    # Stage 3: modeling
    "learned_from_sample": _(
        "These come from the learning sample: **{sampled} of the {rows} analysed customers**, picked by their ID "
        "with a fixed seed.",
        "Angka ini berasal dari sampel pembelajaran: **{sampled} dari {rows} pelanggan yang dianalisis**, dipilih "
        "menurut ID-nya dengan benih tetap.",
    ),
    "profiles_from_sample": _(
        "Sizes, shares, names and profiles count every analysed customer; the point charts, the stability and the "
        "rules come from the learning sample: **{sampled} of the {rows} analysed customers**, picked by their ID "
        "with a fixed seed.",
        "Ukuran, persentase, nama, dan profil menghitung semua pelanggan yang dianalisis; grafik titik, stabilitas, "
        "dan aturan berasal dari sampel pembelajaran: **{sampled} dari {rows} pelanggan yang dianalisis**, dipilih "
        "menurut ID-nya dengan benih tetap.",
    ),
    "model_from_sample": _(
        "Its segmentation and response model learned from the learning sample: **{sampled} of the {rows} customers "
        "of the file**, picked by their ID with a fixed seed; its card (`model.json`) records the sample.",
        "Segmentasi dan model responsnya belajar dari sampel pembelajaran: **{sampled} dari {rows} pelanggan dalam "
        "berkas**, dipilih menurut ID-nya dengan benih tetap; kartunya (`model.json`) mencatat sampel tersebut.",
    ),
    "learned_from_sample_customers": _(
        "These come from the learning sample: **{sampled} of the {rows} customers of the file**, picked by their ID "
        "with a fixed seed.",
        "Angka ini berasal dari sampel pembelajaran: **{sampled} dari {rows} pelanggan dalam berkas**, dipilih "
        "menurut ID-nya dengan benih tetap.",
    ),
    "matrix": _(
        "{features} features of {customers} customers, standardised and projected on {components} components.",
        "{features} fitur dari {customers} pelanggan, distandardisasi dan diproyeksikan ke {components} komponen.",
    ),
    "explained_variance": _(
        "The {components} principal components keep {total} of the variation among customers ({shares}).",
        "{components} komponen utama menyimpan {total} variasi antarpelanggan ({shares}).",
    ),
    "k_elbow": _(
        "- The distortion elbow (yellowbrick) suggests **k = {k}**.",
        "- Siku kurva distorsi (yellowbrick) menyarankan **k = {k}**.",
    ),
    "k_no_elbow": _(
        "- The distortion curve shows no clear elbow.",
        "- Kurva distorsi tidak menunjukkan siku yang jelas.",
    ),
    "k_scores": _(
        "- Silhouette is highest at **k = {k}** ({value}); Calinski-Harabasz prefers k = {ch}, "
        "Davies-Bouldin k = {db}.",
        "- Silhouette tertinggi pada **k = {k}** ({value}); Calinski-Harabasz memilih k = {ch}, "
        "Davies-Bouldin k = {db}.",
    ),
    "k_chosen": _(
        "- This run uses **k = {k}** (silhouette {value} in this k search), the number of personas the run was "
        "given (`--k`, 4 by default as in the published analysis: four personas a marketing team can act on); "
        "the scores above say how well another k would separate the customers.",
        "- Analisis ini memakai **k = {k}** (silhouette {value} dalam pencarian k ini), jumlah persona yang "
        "diberikan untuk analisis ini (`--k`, bawaan 4 seperti analisis yang dipublikasikan: empat persona yang "
        "dapat ditindaklanjuti tim pemasaran); skor di atas menunjukkan seberapa baik k lain memisahkan pelanggan.",
    ),
    "k_seed": _(
        "- The published analysis reported a silhouette of {claimed} at k = {k}, the highest of its table, because "
        "it scored the PCA coordinates with the cluster labels appended as a third column. Scored on the PCA "
        "coordinates alone, this data gives {value} at k = {k}, which {verdict} that claim.",
        "- Analisis yang dipublikasikan melaporkan silhouette {claimed} pada k = {k}, tertinggi di tabelnya, karena "
        "koordinat PCA dinilai bersama label klaster sebagai kolom ketiga. Dinilai hanya pada koordinat PCA, data "
        "ini memberi {value} pada k = {k}, yang {verdict} klaim tersebut.",
    ),
    "confirms": _("confirms", "menguatkan"),
    "does_not_confirm": _("does not confirm", "tidak menguatkan"),
    "sampling_none": _(
        "All {rows} customers were used for the k search and the silhouettes; nothing was sampled.",
        "Seluruh {rows} pelanggan dipakai untuk pencarian k dan silhouette; tidak ada pengambilan sampel.",
    ),
    "sampling": _(
        "With {rows} customers, the k search, the elbow and the silhouettes used a random sample of **{sample}** "
        "customers; the final K-Means was fitted on all {rows}. Stability check: K-Means fitted on the sample "
        "and applied to all of them agrees with the full fit at an adjusted Rand index of **{ari}** "
        "(1 is identical).",
        "Dengan {rows} pelanggan, pencarian k, kurva siku, dan silhouette memakai sampel acak **{sample}** "
        "pelanggan; K-Means akhir dilatih pada seluruh {rows} pelanggan tersebut. Uji stabilitas: K-Means yang "
        "dilatih pada sampel lalu diterapkan ke semuanya sesuai dengan model penuh pada adjusted Rand index **{ari}** "
        "(1 berarti identik).",
    ),
    "sampling_unstable": _(
        " **Below {threshold}: the sample and the full fit draw noticeably different borders between segments**, "
        "so the segments are not stable at this k; compare a neighbouring k before acting on who sits near a "
        "border. The silhouette reported for the run is that of the final model's segments on the sample.",
        " **Di bawah {threshold}: sampel dan model penuh menarik batas antarsegmen yang cukup berbeda**, sehingga "
        "segmen tidak stabil pada k ini; bandingkan dengan k di sekitarnya sebelum bertindak atas pelanggan di "
        "dekat batas. Silhouette yang dilaporkan adalah silhouette segmen model akhir pada sampel.",
    ),
    "inside_fences": _(
        "All **{customers} customers** go to the response model: {inside} inside the fences, whom the personas "
        "describe, and {outside} outside them.",
        "Seluruh **{customers} pelanggan** diteruskan ke model respons: {inside} di dalam batas, yang digambarkan "
        "oleh persona, dan {outside} di luarnya.",
    ),
    # Stage 3: the response model
    "response_method": _(
        "Every number below comes from customers the model never saw: nested cross-validation on **{customers} "
        "customers** ({responders} accepted the last campaign), {folds} folds repeated {repeats} times with other "
        "splits, stratified by response and grouped by customer, so that a customer entered twice under another ID "
        "never sits on both sides of a split. Inside each fold the candidate with the lower log loss over an inner "
        "{inner}-fold split of the training customers is fitted and predicts the held-out customers.",
        "Semua angka di bawah berasal dari pelanggan yang tidak pernah dilihat model: validasi silang bersarang pada "
        "**{customers} pelanggan** ({responders} menerima kampanye terakhir), {folds} lipatan diulang {repeats} kali "
        "dengan pembagian lain, terstratifikasi menurut respons dan dikelompokkan per pelanggan, sehingga pelanggan "
        "yang tercatat dua kali dengan ID lain tidak pernah berada di kedua sisi pembagian. Di setiap lipatan, "
        "kandidat dengan log loss lebih rendah pada pembagian {inner} lipatan di dalam data latih dilatih lalu "
        "memprediksi pelanggan yang disisihkan.",
    ),
    "response_result": _(
        "The **{model}** has the lower cross-validated log loss and is kept. Held-out ROC AUC: **{auc}** (95% "
        "interval {low} to {high}; 0.5 is guessing, 1 is perfect). With a cost of {cost} per contact and {revenue} "
        "per acceptance, contacting a customer pays when their probability of accepting exceeds **{break_even}**.",
        "Model **{model}** memiliki log loss validasi silang lebih rendah dan dipakai. ROC AUC pada data yang "
        "disisihkan: **{auc}** (interval 95% {low} sampai {high}; 0,5 berarti menebak, 1 berarti sempurna). Dengan "
        "biaya {cost} per kontak dan {revenue} per penerimaan, menghubungi pelanggan menguntungkan bila peluangnya "
        "menerima "
        "melebihi **{break_even}**.",
    ),
    "response_result_no_pay": _(
        "The **{model}** has the lower cross-validated log loss and is kept. Held-out ROC AUC: **{auc}** (95% "
        "interval {low} to {high}; 0.5 is guessing, 1 is perfect). At these economics no contact pays: each "
        "acceptance brings {revenue} and each contact costs {cost}, so the plans contact no one.",
        "Model **{model}** memiliki log loss validasi silang lebih rendah dan dipakai. ROC AUC pada data yang "
        "disisihkan: **{auc}** (interval 95% {low} sampai {high}; 0,5 berarti menebak, 1 berarti sempurna). Dengan "
        "ekonomi ini tidak ada kontak yang menguntungkan: setiap penerimaan menghasilkan {revenue} dan setiap kontak "
        "berbiaya {cost}, sehingga rencana tidak menghubungi siapa pun.",
    ),
    "response_fit_all": _(
        "The final model is fitted on all {rows} customers; the plans use the held-out probabilities above.",
        "Model akhir dilatih pada seluruh {rows} pelanggan; rencana kontak memakai peluang dari data yang disisihkan "
        "di atas.",
    ),
    "response_sampled": _(
        "With {rows} customers, the cross-validation used a random sample of **{sample}** customers; the final "
        "model was fitted on a random sample of **{fit}** customers (at most {bound}), and every customer's "
        "held-out probability comes from a model fitted on a sample of the other half of the customers.",
        "Dengan {rows} pelanggan, validasi silang memakai sampel acak **{sample}** pelanggan; model akhir dilatih "
        "pada sampel acak **{fit}** pelanggan (paling banyak {bound}), dan peluang setiap pelanggan berasal dari "
        "model yang dilatih pada sampel separuh pelanggan lainnya.",
    ),
    "response_no_outcome": _(
        "The data has no `Response` column, no outcome of a campaign: there is nothing to learn from, so no response "
        "model is fitted. The personas and their recommendations do not need one.",
        "Data tidak memiliki kolom `Response`, tidak ada hasil kampanye: tidak ada yang bisa dipelajari, sehingga "
        "model respons tidak dilatih. Persona dan rekomendasinya tidak memerlukannya.",
    ),
    "response_too_few": _(
        "Of the {customers} customers whose response is known, {responders} accepted the last campaign and "
        "{decliners} declined. A response model judged by {folds}-fold cross-validation needs at least {minimum} "
        "of each, so none is fitted.",
        "Dari {customers} pelanggan yang responsnya diketahui, {responders} menerima kampanye terakhir dan "
        "{decliners} menolak. Model respons yang dinilai dengan validasi silang {folds} lipatan memerlukan "
        "sedikitnya {minimum} dari masing-masing, sehingga model tidak dilatih.",
    ),
    # Stage 4: personas
    "description": _(
        "{customers} customers ({share}): median spending {spending}, income {income}, {transactions} "
        "transactions, conversion rate {cvr}.",
        "{customers} pelanggan ({share}): median belanja {spending}, pendapatan {income}, {transactions} "
        "transaksi, tingkat konversi {cvr}.",
    ),
    "overview": _(
        "{count} personas, from the highest spending to the lowest:",
        "{count} persona, dari belanja tertinggi ke terendah:",
    ),
    "too_small_personas": _(
        "{names}: fewer than {minimum} customers, too small to act on. A campaign built on so few customers "
        "rests on chance, so no persona plan picks them and their profit intervals are unreliable.",
        "{names}: kurang dari {minimum} pelanggan, terlalu kecil untuk ditindaklanjuti. Kampanye yang dibangun di "
        "atas pelanggan sesedikit itu bergantung pada kebetulan, sehingga tidak ada rencana persona yang memilihnya "
        "dan interval labanya tidak dapat diandalkan.",
    ),
    "too_small_economics": _(
        "{names}: fewer than {minimum} customers whose response is known, too small to act on: their intervals "
        "are unreliable and the plan does not pick them.",
        "{names}: kurang dari {minimum} pelanggan yang responsnya diketahui, terlalu kecil untuk ditindaklanjuti: "
        "intervalnya tidak dapat diandalkan dan rencana ini tidak memilihnya.",
    ),
    "earn_too_small": _(
        " With fewer than {minimum} customers whose response is known, this persona is too small to act on and "
        "the interval is unreliable.",
        " Dengan kurang dari {minimum} pelanggan yang responsnya diketahui, persona ini terlalu kecil untuk "
        "ditindaklanjuti dan intervalnya tidak dapat diandalkan.",
    ),
    "interval_unreliable": _("{low} to {high}, unreliable", "{low} sampai {high}, tidak andal"),
    "largest": _(
        "The largest group is **{name}** with {share} of customers.",
        "Kelompok terbesar adalah **{name}** dengan {share} pelanggan.",
    ),
    "rule": _(
        "**{persona}** — {conditions} ({customers} customers, {purity} of them in this persona)",
        "**{persona}** — {conditions} ({customers} pelanggan, {purity} di antaranya persona ini)",
    ),
    "rule_none": _("{label}: none", "{label}: tidak ada"),
    "rule_at_most": _("{label}: at most {value}", "{label}: paling banyak {value}"),
    "rule_at_least": _("{label}: at least {value}", "{label}: paling sedikit {value}"),
    "rule_between": _("{label}: {low} to {high}", "{label}: {low} sampai {high}"),
    "rule_up_to": _("{label}: up to {value}", "{label}: sampai {value}"),
    "rule_above": _("{label}: more than {value}", "{label}: lebih dari {value}"),
    "and": _("and", "dan"),
    "all_customers": _("any customer", "pelanggan mana pun"),
    "agreement": _(
        "These rules (a decision tree of depth {depth} on {features}; each rule covers at least {share} of the "
        "customers) assign {agreement} of customers to the same persona as K-Means; the features that separate "
        "the personas most are {top}.",
        "Aturan ini (pohon keputusan dengan kedalaman {depth} pada {features}; setiap aturan mencakup paling "
        "sedikit {share} pelanggan) menempatkan {agreement} pelanggan pada persona yang sama dengan K-Means; fitur "
        "yang paling membedakan persona adalah {top}.",
    ),
    # Stage 5: recommendations
    "who": _("Who", "Siapa"),
    "worth_label": _("Worth", "Nilai"),
    "worth": _(
        "median spending {spending} over two years; {response} accepted the last campaign ({lift}× the average)",
        "median belanja {spending} selama dua tahun; {response} menerima kampanye terakhir ({lift}× rata-rata)",
    ),
    "worth_none_accepted": _(
        "median spending {spending} over two years; no customer of the file accepted the last campaign",
        "median belanja {spending} selama dua tahun; tidak ada pelanggan dalam berkas yang menerima kampanye terakhir",
    ),
    "do_label": _("What to do", "Yang perlu dilakukan"),
    "earn_label": _("What it should earn", "Perkiraan hasil"),
    "earn": _(
        "contacting all {customers} analysed customers would {verb} {profit} in the case study's monetary units "
        "(95% interval {low} to {high}; cost {cost} per contact, revenue {revenue} per acceptance).",
        "menghubungi seluruh {customers} pelanggan yang dianalisis akan {verb} {profit} dalam satuan uang studi "
        "kasus (interval 95% {low} sampai {high}; biaya {cost} per kontak, pendapatan {revenue} per penerimaan).",
    ),
    "earn_uncertain": _(
        " The interval runs from a loss to a profit: the last campaign does not show whether contacting them pays.",
        " Intervalnya membentang dari rugi sampai laba: kampanye terakhir tidak menunjukkan apakah menghubungi "
        "mereka menguntungkan.",
    ),
    "earn_verb": _("earn", "menghasilkan"),
    "lose_verb": _("lose", "merugi"),
    "evidence": _("Evidence", "Bukti"),
    "interval": _("{low} to {high}", "{low} sampai {high}"),
    "no_play": _("No play applies.", "Tidak ada strategi yang berlaku."),
    "against_all": _(
        "{label}: {value} against {base} for all customers",
        "{label}: {value} dibanding {base} untuk semua pelanggan",
    ),
    "plan": _(
        "Of the {analysed} customers the personas describe, contact **{personas}**: {customers} of them, reaching "
        "{responders} of their responders to the last campaign, for an expected profit of {profit} in the case "
        "study's monetary units (contacting all {analysed}: {everyone}).",
        "Dari {analysed} pelanggan yang digambarkan persona, hubungi **{personas}**: {customers} dari mereka, "
        "menjangkau {responders} responden kampanye terakhir di antara mereka, dengan perkiraan laba {profit} dalam "
        "satuan uang studi kasus (menghubungi semua {analysed}: {everyone}).",
    ),
    "plan_none": _(
        "No persona responds often enough to pay for the contact: contacting nobody is the most profitable plan "
        "with these costs.",
        "Tidak ada persona yang cukup responsif untuk menutup biaya kontak: dengan biaya ini, tidak menghubungi "
        "siapa pun adalah rencana paling menguntungkan.",
    ),
    "plan_none_acting": _(
        "No persona large enough to act on responds often enough to pay for the contact: contacting none of them "
        "is the most profitable persona plan with these costs.",
        "Tidak ada persona yang cukup besar untuk ditindaklanjuti dan cukup responsif untuk menutup biaya kontak: "
        "dengan biaya ini, tidak menghubungi satu pun dari mereka adalah rencana persona paling menguntungkan.",
    ),
    "model": _(
        "The model is saved as [`{model}`](../artifacts/{model}) with its card "
        "[`model.json`](../artifacts/model.json): one fitted pipeline (imputation, scaling, PCA, K-Means) "
        "with the persona names and actions. {holds} At the project folder, assign new customers with:",
        "Model disimpan sebagai [`{model}`](../artifacts/{model}) dengan kartunya "
        "[`model.json`](../artifacts/model.json): satu rangkaian model terlatih (imputasi, penskalaan, PCA, K-Means) "
        "beserta nama persona dan tindakannya. {holds} Di folder proyek, tetapkan persona pelanggan baru dengan:",
    ),
    "model_response": _(
        "It also holds the **{model}**: scoring adds each customer's probability of accepting "
        "(`response_probability`), whether contacting them pays (`contact`: probability × {revenue} > {cost}) and "
        "the expected profit of contacting them (`expected_profit`).",
        "Model ini juga memuat **{model}**: penilaian menambahkan peluang setiap pelanggan menerima "
        "(`response_probability`), apakah menghubunginya menguntungkan (`contact`: peluang × {revenue} > {cost}) dan "
        "perkiraan laba dari menghubunginya (`expected_profit`).",
    ),
    "model_no_response": _(
        "It holds no response model: the data had no campaign outcome to learn from, so scoring assigns personas only.",
        "Model ini tidak memuat model respons: data tidak memiliki hasil kampanye untuk dipelajari, sehingga penilaian "
        "hanya menetapkan persona.",
    ),
    "economics": _(
        "Each contact costs **{cost}** ({cost_source}) and each acceptance earns **{revenue}** ({revenue_source}), "
        "in the case study's units: contacting a customer pays when their probability of accepting exceeds "
        "{break_even}.",
        "Setiap kontak berbiaya **{cost}** ({cost_source}) dan setiap penerimaan menghasilkan **{revenue}** "
        "({revenue_source}), dalam satuan studi kasus: menghubungi pelanggan menguntungkan bila peluangnya menerima "
        "melebihi {break_even}.",
    ),
    "economics_no_pay": _(
        "Each contact costs **{cost}** ({cost_source}) and each acceptance earns **{revenue}** ({revenue_source}), "
        "in the case study's units: at these economics no contact pays, whoever accepts, so every plan contacts "
        "no one.",
        "Setiap kontak berbiaya **{cost}** ({cost_source}) dan setiap penerimaan menghasilkan **{revenue}** "
        "({revenue_source}), dalam satuan studi kasus: dengan ekonomi ini tidak ada kontak yang menguntungkan, siapa "
        "pun yang menerima, sehingga setiap rencana tidak menghubungi siapa pun.",
    ),
    "no_outcome": _(
        "The data has no `Response`, no outcome of a campaign: there is nothing to learn from, so what contacting "
        "a persona or a customer would earn cannot be measured.",
        "Data tidak memiliki `Response`, tidak ada hasil kampanye: tidak ada yang bisa dipelajari, sehingga hasil "
        "menghubungi suatu persona atau pelanggan tidak dapat diukur.",
    ),
    "perfect_ceiling": _("the ceiling,", "batas atasnya,"),
    # Perfect targeting contacts only the responders; when no contact pays even that loses.
    "perfect_loses": _(
        "which contacts only the responders and still loses,", "yang hanya menghubungi responden dan tetap rugi,"
    ),
    "plans_intro": _(
        "Every customer of the file, inside the personas' IQR fences or not, has a probability of accepting from "
        "a model that never saw them. The plan contacts a customer when that probability times the "
        "revenue exceeds the cost. The plans, all on the same customers: contact everyone (what the last campaign "
        "did), the best persona plan, the response model's plan{within_budget}, and perfect targeting (only the "
        "responders).",
        "Setiap pelanggan dalam berkas, di dalam batas IQR persona atau tidak, memiliki peluang menerima dari "
        "model yang tidak pernah melihatnya. Rencana ini menghubungi pelanggan bila peluang itu dikali "
        "pendapatan melebihi biaya. Rencana yang dibandingkan, semuanya pada pelanggan yang sama: hubungi semua "
        "(yang dilakukan kampanye terakhir), rencana persona terbaik, rencana model respons{within_budget}, dan "
        "penargetan sempurna (hanya responden).",
    ),
    "plans_intro_budget": _(" (and the same within the budget)", " (dan rencana yang sama dalam anggaran)"),
    "plans_scored_beyond_sample": _(
        " The model's cross-validation gave the {sampled} customers of the learning sample theirs; the final "
        "model, fitted on them, gave the other {others}.",
        " Validasi silang model memberi peluang itu kepada {sampled} pelanggan sampel pembelajaran; model akhir, "
        "yang dilatih pada mereka, memberikannya kepada {others} pelanggan lainnya.",
    ),
    "plans_population": _(
        "On all **{customers} customers** of the file", "Pada seluruh **{customers} pelanggan** dalam berkas"
    ),
    "contact_list": _(
        "**The contact list**, [`{name}`](../artifacts/{name}){spreadsheet}, holds the {customers} customers of "
        "this plan, best first: their persona, held-out probability of accepting, whether to contact them and the "
        "expected profit of doing so. The **{contacted}** marked *{yes}* are the plan above. Scoring them with the "
        "saved model (below) gives the final model's probabilities, fitted on all of them, which can differ a "
        "little from these held-out ones.",
        "**Daftar kontak**, [`{name}`](../artifacts/{name}){spreadsheet}, memuat {customers} pelanggan rencana "
        "ini, dari yang terbaik: personanya, peluang menerima dari data yang disisihkan, perlu dihubungi atau "
        "tidak, dan laba yang diharapkan bila dihubungi. **{contacted}** pelanggan bertanda *{yes}* adalah rencana "
        "di atas. Menilai mereka dengan model tersimpan (di bawah) memberi peluang dari model akhir yang dilatih "
        "pada semuanya, yang bisa sedikit berbeda dari peluang ini.",
    ),
    "contact_list_counted": _(
        "**The contact list**, [`{name}`](../artifacts/{name}){spreadsheet}, holds all {customers} customers of "
        "the file whose response is known, best first: their persona, probability of accepting, whether to contact "
        "them and the expected profit of doing so. The **{contacted}** marked *{yes}* are the plan above. The "
        "{sampled} customers of the learning sample carry held-out probabilities, which scoring with the saved "
        "model (below) replaces with the final model's, fitted on them; for the other {others}, scoring marks "
        "exactly the customers marked here.",
        "**Daftar kontak**, [`{name}`](../artifacts/{name}){spreadsheet}, memuat seluruh {customers} pelanggan "
        "dalam berkas yang responsnya diketahui, dari yang terbaik: personanya, peluang menerima, perlu dihubungi "
        "atau tidak, dan laba yang diharapkan bila dihubungi. **{contacted}** pelanggan bertanda *{yes}* adalah "
        "rencana di atas. {sampled} pelanggan sampel pembelajaran membawa peluang dari data yang disisihkan, yang "
        "diganti oleh peluang dari model akhir yang dilatih pada mereka saat dinilai dengan model tersimpan (di "
        "bawah); untuk {others} pelanggan lainnya, penilaian itu menandai tepat pelanggan yang sama.",
    ),
    "provenance_heading": _("### How each figure was counted", "### Bagaimana setiap angka dihitung"),
    "provenance_exact": _(
        "- **Exact, over every customer** (passes over the whole file): customers read, missing values, "
        "duplicates, types, the IQR fences and the income median; the exclusions; persona sizes, shares, means, "
        "medians and quartiles, and so their value tiers and names; responders, cost, revenue and profit per "
        "persona; the plans' contacts, responders reached and profit (the plan within a budget included), the "
        "plan by persona and the contact list. Their 95% intervals are bootstraps drawn from these exact counts.",
        "- **Tepat, atas setiap pelanggan** (lintasan atas seluruh berkas): pelanggan yang dibaca, nilai kosong, "
        "duplikat, tipe, batas IQR dan median pendapatan; pelanggan yang dikeluarkan; ukuran, pangsa, rata-rata, "
        "median dan kuartil persona, sehingga juga tingkat nilai dan namanya; responden, biaya, pendapatan dan "
        "laba per persona; kontak, responden yang terjangkau dan laba setiap rencana (termasuk rencana dalam "
        "anggaran), rencana per persona dan daftar kontak. Interval 95%-nya adalah bootstrap yang ditarik dari "
        "hitungan tepat ini.",
    ),
    "provenance_previous": _(
        "- **Exact, over every customer of both files** (joined by ID): the comparison with the previous report, "
        "that is the agreement with its personas, the shares, the migration between personas, the drift (customers "
        "per decile of the previous file), the medians per persona and the payoff of its plan.",
        "- **Tepat, atas setiap pelanggan kedua berkas** (digabung menurut ID): perbandingan dengan laporan "
        "sebelumnya, yaitu kesesuaian dengan personanya, pangsa, perpindahan antarpersona, pergeseran (pelanggan "
        "per desil berkas sebelumnya), median per persona dan hasil rencananya.",
    ),
    "provenance_approximate": _(
        "- **Approximate:** the ROC AUC on the customers the model never saw, read from {auc_bins} groups by "
        "probability (customers within a group count as tied, which moves it by under 0.005 in the tests); the "
        "profit curve and the calibration, drawn from {curve_bins} and {calibration_bins} groups of "
        "about equal size rather than customer by customer.",
        "- **Perkiraan:** ROC AUC pada pelanggan yang tidak pernah dilihat model, dibaca dari {auc_bins} kelompok "
        "menurut peluang (pelanggan dalam satu kelompok dihitung seri, yang menggesernya kurang dari 0,005 dalam "
        "pengujian); kurva laba dan kalibrasi, digambar dari {curve_bins} dan {calibration_bins} "
        "kelompok berukuran hampir sama, bukan pelanggan demi pelanggan.",
    ),
    "provenance_sampled": _(
        "- **From the learning sample** ({sampled} of the {rows} customers, picked by their ID with a fixed seed): "
        "the rows stage 1 shows and its box plots; the exploration's correlations and charts; PCA, the choice of "
        "k and K-Means (the k search, elbow and silhouettes on at most {threshold} of them); the personas' point "
        "charts, stability and rules; the response model's cross-validation (its AUC, the candidates compared "
        "and the drivers, on at most {threshold}) and its final fit (on at most {fit}).",
        "- **Dari sampel pembelajaran** ({sampled} dari {rows} pelanggan, dipilih menurut ID-nya dengan benih "
        "tetap): baris yang ditampilkan tahap 1 dan diagram kotaknya; korelasi dan grafik eksplorasi; PCA, "
        "pemilihan k dan K-Means (pencarian k, siku dan silhouette pada paling banyak {threshold} pelanggan); "
        "grafik titik, stabilitas dan aturan persona; validasi silang model respons (AUC-nya, kandidat yang "
        "dibandingkan dan pendorongnya, pada paling banyak {threshold}) dan pelatihan akhirnya (pada paling banyak "
        "{fit}).",
    ),
    "provenance_unsampled": _(
        "- **Nothing from a sample:** the learning sample is the whole file, so every model learned from every "
        "customer too.",
        "- **Tidak ada yang dari sampel:** sampel pembelajaran adalah seluruh berkas, sehingga setiap model juga "
        "belajar dari setiap pelanggan.",
    ),
    "contact_list_spreadsheet": _(
        " (for a spreadsheet, [`{name}`](../artifacts/{name}))",
        " (untuk lembar kerja, [`{name}`](../artifacts/{name}))",
    ),
    "contact_list_budget": _(
        " The **{within}** marked *{yes}* under `within_budget` are the plan within the budget.",
        " **{within}** pelanggan bertanda *{yes}* pada `within_budget` adalah rencana dalam anggaran.",
    ),
    "contact_list_none": _(
        "No contact list: without a response model there is no plan to list customer by customer.",
        "Tidak ada daftar kontak: tanpa model respons, tidak ada rencana untuk didaftar per pelanggan.",
    ),
    "stability": _(
        "A persona is worth building a campaign on when the same customers "
        "keep coming back together, whichever customers the clustering happens to see. To test that, K-Means was "
        "refitted on {resamples} resamples of the {customers} analysed customers, drawn with replacement; a "
        "persona's stability is the mean Jaccard similarity of its customers with the closest group of each refit "
        "(1: exactly the same customers every time). Above {high} a persona is highly stable, {stable} to {high} "
        "stable, {pattern} to {stable} a pattern rather than a group to build on, below {pattern} not to be "
        "trusted (Hennig's reading). {verdict} Refitted on all of them with {seeds} other random seeds, the "
        "personas agree with these at an adjusted Rand index of at least {ari} (1: the same split).",
        "Sebuah persona layak dijadikan dasar kampanye bila "
        "pelanggan yang sama terus berkumpul bersama, pelanggan mana pun yang kebetulan dilihat pengelompokan. "
        "Untuk mengujinya, K-Means dilatih ulang pada {resamples} sampel ulang dari {customers} pelanggan yang "
        "dianalisis, diambil dengan pengembalian; stabilitas sebuah persona adalah rata-rata kemiripan Jaccard "
        "antara pelanggannya dan kelompok terdekat pada setiap pelatihan ulang (1: pelanggan yang persis sama "
        "setiap kali). Di atas {high} persona sangat stabil, {stable} sampai {high} stabil, {pattern} sampai "
        "{stable} baru berupa pola, bukan kelompok untuk dijadikan dasar, di bawah {pattern} tidak dapat "
        "diandalkan (tafsiran Hennig). {verdict} Dilatih ulang pada semuanya dengan {seeds} benih acak lain, "
        "persona-persona ini sesuai dengan yang di atas dengan indeks Rand yang disesuaikan paling rendah {ari} "
        "(1: pembagian yang sama).",
    ),
    "stability_all": _(
        "Every persona is at least stable; the least, **{name}**, scores {value}.",
        "Setiap persona setidaknya stabil; yang terendah, **{name}**, bernilai {value}.",
    ),
    "stability_some": _(
        "{stable} of the {personas} personas are at least stable; the least, **{name}**, scores {value}: {reading}.",
        "{stable} dari {personas} persona setidaknya stabil; yang terendah, **{name}**, bernilai {value}: {reading}.",
    ),
    "held_out": _(
        "**The customers the model never saw.** {customers} customers of the file with a known response lie "
        "outside the learning sample, so neither the model's cross-validation nor its final fit saw them. {auc} "
        "Its plan contacts {contacted} of them and reaches {reached} responders, for a profit of **{profit}**.",
        "**Pelanggan yang tidak pernah dilihat model.** {customers} pelanggan dalam berkas dengan respons yang "
        "diketahui berada di luar sampel pembelajaran, sehingga validasi silang maupun pelatihan akhir model tidak "
        "pernah melihatnya. {auc} Rencananya menghubungi {contacted} dari mereka dan menjangkau {reached} "
        "responden, dengan laba **{profit}**.",
    ),
    "held_out_auc": _(
        "On them its ROC AUC is **{auc}** (out of fold on the learning sample: {cv_auc}; read from {bins} groups "
        "of customers by probability).",
        "Pada mereka ROC AUC model adalah **{auc}** (di luar lipatan pada sampel pembelajaran: {cv_auc}; dibaca "
        "dari {bins} kelompok pelanggan menurut peluang).",
    ),
    "held_out_auc_none": _(
        "They hold one kind of response only, so no ROC AUC can be read on them.",
        "Mereka hanya memiliki satu jenis respons, sehingga ROC AUC tidak dapat dibaca pada mereka.",
    ),
    "budget_plan": _(
        "**Within {limit}**, the plan contacts the **{contacted}** customers with the highest expected profit and "
        "reaches **{reached}** of the {responders} responders ({reached_share}), for **{profit}** (95% interval "
        "{low} to {high}), against {unconstrained} for the plan without a limit.{binding}",
        "**Dalam {limit}**, rencana menghubungi **{contacted}** pelanggan dengan laba harapan tertinggi dan "
        "menjangkau **{reached}** dari {responders} responden ({reached_share}), dengan laba **{profit}** (interval "
        "95% {low} sampai {high}), dibandingkan {unconstrained} untuk rencana tanpa batas.{binding}",
    ),
    "budget_amount": _(
        "a budget of {amount} ({allowed} contacts at {cost} each)",
        "anggaran {amount} ({allowed} kontak dengan biaya {cost} per kontak)",
    ),
    "budget_amount_and_most": _(
        "a budget of {amount} and at most {most} contacts ({allowed} contacts)",
        "anggaran {amount} dan paling banyak {most} kontak ({allowed} kontak)",
    ),
    "budget_most": _("at most {most} contacts", "paling banyak {most} kontak"),
    "budget_not_binding": _(
        " The limit allows more contacts than the plan makes, so both plans are the same.",
        " Batas ini mengizinkan lebih banyak kontak daripada yang dibuat rencana, jadi kedua rencana sama.",
    ),
    "no_targeting": _(
        "No response model was fitted (the modeling stage says why), so no customer-level plan can be made.",
        "Model respons tidak dilatih (tahap pemodelan menjelaskan alasannya), sehingga rencana kontak per pelanggan "
        "tidak dapat dibuat.",
    ),
    "plans_finding": _(
        "{population}, the response model's plan contacts **{contacted}** ({share}) "
        "and reaches **{reached}** of the {responders} responders ({reached_share}), for a held-out profit of "
        "**{profit}** (95% interval {low} to {high}). Contacting everyone, as the last campaign did, gives "
        "{everyone}; the best persona plan {persona}; perfect targeting, {perfect_is} {perfect}.",
        "{population}, rencana model respons menghubungi **{contacted}** "
        "({share}) dan menjangkau **{reached}** dari {responders} responden ({reached_share}), dengan laba pada data "
        "yang disisihkan **{profit}** (interval 95% {low} sampai {high}). Menghubungi semua, seperti kampanye "
        "terakhir, memberi {everyone}; rencana persona terbaik {persona}; penargetan sempurna, {perfect_is} "
        "{perfect}.",
    ),
    "persona_plan_note": _(
        "The best persona plan contacts {personas}: the personas whose contacts paid, chosen on the same customers it "
        "is judged on, which flatters it.",
        "Rencana persona terbaik menghubungi {personas}: persona yang kontaknya menguntungkan, dipilih pada pelanggan "
        "yang sama dengan yang dinilai, sehingga hasilnya terlihat lebih baik dari sebenarnya.",
    ),
    "persona_plan_none": _(
        "No persona paid for its contacts, so the best persona plan contacts nobody.",
        "Tidak ada persona yang kontaknya menguntungkan, sehingga rencana persona terbaik tidak menghubungi siapa pun.",
    ),
    "calibration_finding": _(
        "Across {bins} equal groups of customers ordered by predicted probability, the observed response rate is "
        "within {gap} percentage points of the predicted one.",
        "Pada {bins} kelompok pelanggan berukuran sama yang diurutkan menurut peluang prediksi, tingkat respons "
        "aktual berada dalam {gap} poin persentase dari prediksinya.",
    ),
    "by_persona_line": _(
        "- **{persona}**: contact {contacted} ({share}) of the {customers} customers of the file assigned to this "
        "persona{outside}, reaching {reached} of their {responders} responders; {profit} on the last campaign's "
        "outcome.",
        "- **{persona}**: hubungi {contacted} ({share}) dari {customers} pelanggan dalam berkas yang masuk persona "
        "ini{outside}, menjangkau {reached} dari {responders} responden mereka; {profit} pada hasil kampanye "
        "terakhir.",
    ),
    "outside_range": _(
        " ({count} of them outside the analysed range)",
        " ({count} di antaranya di luar rentang yang dianalisis)",
    ),
    "by_persona_summary_every": _(
        "The plan contacts every customer of every persona.",
        "Rencana ini menghubungi setiap pelanggan dari setiap persona.",
    ),
    "by_persona_summary_none": _("The plan contacts no one.", "Rencana ini tidak menghubungi siapa pun."),
    "share_of_every": _("every customer of the {persona}", "setiap pelanggan {persona}"),
    "share_of_none": _("none of the {persona}", "tidak satu pun dari {persona}"),
    "share_of": _("{share} of the {persona}", "{share} dari {persona}"),
    "by_persona_summary": _(
        "Personas and targeting tell one story: the plan contacts {most} and {least}.",
        "Persona dan penargetan bercerita sama: rencana ini menghubungi {most} dan {least}.",
    ),
    "drivers_intro": _(
        "What drives response, measured on the held-out folds: how much the ROC AUC drops when one feature's values "
        "are shuffled among the customers.",
        "Apa yang mendorong respons, diukur pada lipatan yang disisihkan: seberapa besar ROC AUC turun bila nilai "
        "satu fitur diacak antarpelanggan.",
    ),
    "driver_line": _(
        "- **{label}**: {direction} (AUC −{drop})",
        "- **{label}**: {direction} (AUC −{drop})",
    ),
    "more_accept": _("the more, the likelier to accept", "makin tinggi, makin mungkin menerima"),
    "less_accept": _("the less, the likelier to accept", "makin rendah, makin mungkin menerima"),
    "target_label": _("Whom to contact", "Siapa yang dihubungi"),
    "target": _(
        "the response model contacts {contacted} ({share}) of this persona's {customers} customers in the whole "
        "file{outside}, reaching {reached} of their {responders} responders: {profit} on the last campaign's "
        "outcome, held out.",
        "model respons menghubungi {contacted} ({share}) dari {customers} pelanggan persona ini dalam seluruh "
        "berkas{outside}, menjangkau {reached} dari {responders} responden mereka: {profit} pada hasil kampanye "
        "terakhir, dari data yang disisihkan.",
    ),
    "earn_no_outcome": _(
        "not measurable: the data has no campaign outcome.",
        "tidak dapat diukur: data tidak memiliki hasil kampanye.",
    ),
    "worth_no_outcome": _("median spending {spending} over two years", "median belanja {spending} selama dua tahun"),
}

# Words that complete the phrases above.
WORDS = {
    "very weak": _("very weak", "sangat lemah"),
    "weak": _("weak", "lemah"),
    "moderate": _("moderate", "sedang"),
    "strong": _("strong", "kuat"),
    "positive": _("positive", "positif"),
    "negative": _("negative", "negatif"),
    "rupiah": _("rupiah", "rupiah"),
    "contact_cost_option": _("set for this run", "ditetapkan untuk analisis ini"),
    "contact_cost_file": _("the cost per contact the file records", "biaya per kontak yang tercatat di berkas"),
    "contact_cost_case_study": _(
        "**the file records no cost per contact: the case study's value is assumed**",
        "**berkas tidak mencatat biaya per kontak: nilai studi kasus dipakai**",
    ),
    "revenue_option": _("set for this run", "ditetapkan untuk analisis ini"),
    "revenue_file": _(
        "the revenue per acceptance the file records", "pendapatan per penerimaan yang tercatat di berkas"
    ),
    "revenue_case_study": _(
        "**the file records no revenue per acceptance: the case study's value is assumed**",
        "**berkas tidak mencatat pendapatan per penerimaan: nilai studi kasus dipakai**",
    ),
    "logistic_regression": _("regularised logistic regression", "regresi logistik teregularisasi"),
    "gradient_boosting": _("histogram gradient boosting", "histogram gradient boosting"),
    "everyone": _("Contact everyone (the last campaign)", "Hubungi semua (kampanye terakhir)"),
    "best_persona_plan": _("Best persona plan", "Rencana persona terbaik"),
    "response_model": _(
        "Response model (probability × revenue > cost)", "Model respons (peluang × pendapatan > biaya)"
    ),
    "within_budget": _("Response model within the budget", "Model respons dalam anggaran"),
    "perfect": _("Perfect targeting (the responders only)", "Penargetan sempurna (hanya responden)"),
    "plain units": _("plain units", "satuan asli"),
    "layout_rakamin": _("Rakamin edition (rupiah, Indonesian labels)", "edisi Rakamin (rupiah, label Indonesia)"),
    "layout_original": _(
        "public original (plain units, English labels)", "edisi asli publik (satuan asli, label Inggris)"
    ),
    "comma": _("comma", "koma"),
    "semicolon": _("semicolon", "titik koma"),
    "tab": _("tab", "tab"),
    "highly_stable": _("highly stable", "sangat stabil"),
    "stable": _("stable", "stabil"),
    # Short: a persona card shows them beside their label, on one line.
    "pattern": _("a pattern only", "sekadar pola"),
    "unstable": _("unreliable", "tidak andal"),
    "yes": _("yes", "ya"),
    "no": _("no", "tidak"),
    "date cells": _("spreadsheet date cells", "sel tanggal lembar kerja"),
    "Indonesian": _("Indonesian", "Indonesia"),
    "English": _("English", "Inggris"),
}

# Column headers of the tables a reader sees.
HEADERS = {
    "stability jaccard": _("stability (mean Jaccard)", "stabilitas (rata-rata Jaccard)"),
    "reading": _("reading", "arti"),
    "check": _("check", "pemeriksaan"),
    "finding": _("finding", "temuan"),
    "value": _("value", "nilai"),
    "layout": _("layout", "format"),
    "type": _("type", "tipe"),
    "non-missing": _("non-missing", "terisi"),
    "distinct": _("distinct", "nilai unik"),
    "feature": _("feature", "fitur"),
    "column": _("column", "kolom"),
    "k": _("number of clusters k", "jumlah klaster k"),
    "distortion": _("distortion", "distorsi"),
    "silhouette": _("silhouette", "silhouette"),
    "calinski_harabasz": _("Calinski-Harabasz", "Calinski-Harabasz"),
    "davies_bouldin": _("Davies-Bouldin", "Davies-Bouldin"),
    "lower fence": _("lower fence", "batas bawah"),
    "upper fence": _("upper fence", "batas atas"),
    "beyond the fences": _("customers beyond the fences", "pelanggan di luar batas"),
    "layout_name": _("layout", "format"),
    "file_format": _("file format", "format berkas"),
    "separator": _("separator", "pemisah"),
    "index_column": _("leading index column", "kolom indeks di depan"),
    "date_format": _("enrolment dates", "tanggal pendaftaran"),
    "currency": _("money amounts", "nilai uang"),
    "labels": _("category labels", "label kategori"),
    "extra_columns": _("columns not used", "kolom yang tidak dipakai"),
    "median": _("median", "median"),
    "mean": _("mean", "rata-rata"),
    "smallest": _("smallest", "terkecil"),
    "largest": _("largest", "terbesar"),
    "computed as": _("computed as", "dihitung sebagai"),
    "persona": _("persona", "persona"),
    "customers": _("customers", "pelanggan"),
    "analysed customers": _("analysed customers", "pelanggan dianalisis"),
    "share": _("share", "porsi"),
    "median income": _("median income", "median pendapatan"),
    "median spending": _("median spending", "median belanja"),
    "median transactions": _("median transactions", "median transaksi"),
    "median conversion rate": _("median conversion rate", "median tingkat konversi"),
    "response rate": _("response rate", "tingkat respons"),
    "lift": _("lift", "kelipatan rata-rata"),
    "earlier campaigns, acceptance": _("earlier campaigns, acceptance", "penerimaan kampanye sebelumnya"),
    "profit of contacting all": _(
        "profit of contacting all (case-study units)", "laba jika semua dihubungi (satuan studi kasus)"
    ),
    "95% interval": _("95% interval", "interval 95%"),
    "profit per contact": _("profit per contact (case-study units)", "laba per kontak (satuan studi kasus)"),
    "model": _("model", "model"),
    "held-out AUC": _("held-out ROC AUC", "ROC AUC data disisihkan"),
    "log loss": _("log loss", "log loss (galat logaritmik)"),
    "plan profit": _("profit of its plan", "laba rencananya"),
    "chosen in folds": _("chosen in outer folds", "terpilih di lipatan luar"),
    "plan": _("plan", "rencana"),
    "customers contacted": _("customers contacted", "pelanggan dihubungi"),
    "responders reached": _("responders reached", "responden terjangkau"),
    "expected profit": _("held-out profit", "laba data disisihkan"),
    "contacted": _("contacted", "dihubungi"),
    "responders": _("responders", "responden"),
}

# The quality findings, one line per check.
FINDINGS = {
    "missing": _("Missing values", "Nilai kosong"),
    "duplicate_rows": _("Duplicate rows (all columns)", "Baris duplikat (semua kolom)"),
    "duplicate_customers": _("Same customer under another ID", "Pelanggan yang sama dengan ID lain"),
    "impossible_birth_years": _("Birth years implying age over {oldest}", "Tahun lahir dengan usia di atas {oldest}"),
    "zero_web_visits": _("Customers with zero web visits", "Pelanggan tanpa kunjungan web"),
    "outliers": _("Outliers by IQR (filtered columns)", "Pencilan menurut IQR (kolom yang disaring)"),
    "outliers_value": _("{values} values in {columns} columns", "{values} nilai di {columns} kolom"),
    "none": _("none", "tidak ada"),
}

# Plays: what to do, and the label of the number that triggered it.
ACTIONS = {
    "loyalty_exclusivity": _(
        "Keep them: loyalty rewards, exclusive offers and early access to premium products.",
        "Pertahankan: hadiah loyalitas, penawaran eksklusif, dan akses awal ke produk premium.",
    ),
    "referral": _(
        "Turn their campaign enthusiasm into a referral programme with rewards for both sides.",
        "Manfaatkan antusiasme mereka pada kampanye dengan program ajak teman (referal) yang memberi hadiah "
        "kepada kedua pihak.",
    ),
    "alternative_channels": _(
        "Reach them outside the website: email, SMS and social media campaigns.",
        "Jangkau mereka di luar situs web: kampanye lewat email, SMS, dan media sosial.",
    ),
    "nurturing": _(
        "Nurture them: personalised recommendations and targeted offers that raise purchase frequency.",
        "Bina mereka: rekomendasi personal dan penawaran tertarget untuk menaikkan frekuensi belanja.",
    ),
    "retargeting": _(
        "Use their web visits: personalised site content and retargeting ads for products they viewed.",
        "Manfaatkan kunjungan web mereka: konten situs yang dipersonalisasi dan iklan penargetan ulang "
        "(retargeting) untuk produk yang pernah dilihat.",
    ),
    "soft_selling": _(
        "Soft-sell: educational, helpful content rather than hard offers they ignore.",
        "Penjualan halus: konten edukatif dan bermanfaat, bukan penawaran keras yang mereka abaikan.",
    ),
    "win_back": _(
        "Win them back: a reminder with a time-limited incentive before they lapse for good.",
        "Tarik kembali: pengingat dengan insentif terbatas waktu sebelum mereka benar-benar pasif.",
    ),
    "family_bundles": _(
        "Offer family bundles and deals on everyday categories.",
        "Tawarkan paket keluarga dan promo untuk kebutuhan sehari-hari.",
    ),
}
EVIDENCE_LABELS = {
    "Total_Spending": _("mean spending", "rata-rata belanja"),
    "Total_Accepted_Campaign": _("campaigns accepted per customer", "kampanye diterima per pelanggan"),
    "NumWebVisitsMonth": _("web visits per month", "kunjungan web per bulan"),
    "Total_Transaction": _("transactions per customer", "transaksi per pelanggan"),
    "Recency": _("days since last purchase", "hari sejak pembelian terakhir"),
    "Total_Children": _("children at home", "anak di rumah"),
}

# The pages around the notebooks: the landing page, the navigation bars and the stage titles.
PAGE_PHRASES = {
    "report_title": _("Customer personality report", "Laporan kepribadian pelanggan"),
    "lede": _(
        "{personas} customer personas among {used} of {read} customers in {file}, run on {date}.",
        "{personas} persona pelanggan dari {used} di antara {read} pelanggan dalam {file}, dijalankan pada {date}.",
    ),
    "personas_heading": _("Personas", "Persona"),
    "personas_hint": _(
        "Named from what sets each apart, ordered by median spending; shares are of the customers analysed. "
        "Profit is in the case study's monetary units: each contact costs the file's cost per contact, each "
        "acceptance earns its revenue per acceptance. Stability says how reliably a persona's customers come back "
        "together when the clustering is redone on other customers (1: always the same).",
        "Dinamai dari ciri pembedanya, diurutkan menurut median belanja; persentase dihitung dari pelanggan yang "
        "dianalisis. Laba dalam satuan uang studi kasus: setiap kontak berbiaya sesuai biaya per kontak dalam berkas, "
        "setiap penerimaan menghasilkan pendapatan per penerimaan. Stabilitas menunjukkan seberapa andal pelanggan "
        "sebuah persona berkumpul kembali bila pengelompokan diulang pada pelanggan lain (1: selalu sama).",
    ),
    "customer_count": _("{count} customers", "{count} pelanggan"),
    "too_small_card": _(
        "Too small to act on (fewer than {minimum} customers)",
        "Terlalu kecil untuk ditindaklanjuti (kurang dari {minimum} pelanggan)",
    ),
    "median_income": _("median income", "median pendapatan"),
    "median_spending": _("median spending", "median belanja"),
    "median_transactions": _("median transactions", "median transaksi"),
    "median_cvr": _("median conversion rate", "median tingkat konversi"),  # as the persona page's table says
    "response_rate": _("last campaign response", "respons kampanye terakhir"),
    "stability_card": _("stability", "stabilitas"),
    "expected_profit": _("profit, contacting all analysed", "laba jika semua yang dianalisis dihubungi"),
    "top_recommendation": _("Top recommendation", "Rekomendasi utama"),
    "stages_heading": _("The analysis, stage by stage", "Analisis, tahap demi tahap"),
    "stages_hint": _(
        "The business view shows results and text; the analyst view is the executed notebook with its code.",
        "Tampilan bisnis berisi hasil dan teks; tampilan analis adalah notebook yang dijalankan beserta kodenya.",
    ),
    "business_view": _("business view", "tampilan bisnis"),
    "analyst_view": _("analyst view", "tampilan analis"),
    "analyst_view_hint": _("the executed notebook with its code", "notebook yang dijalankan beserta kodenya"),
    "facts_heading": _("What was analysed", "Data yang dianalisis"),
    "data_file": _("Data file", "Berkas data"),
    "layout": _("Layout", "Format berkas"),
    "customers_fact": _(
        "{read} read, {used} analysed ({share}) after cleaning",
        "{read} dibaca, {used} dianalisis ({share}) setelah pembersihan",
    ),
    "imputed_fact": _(
        "{count} of them without an income, kept with the median income {income}",
        "{count} di antaranya tanpa pendapatan, dipertahankan dengan median pendapatan {income}",
    ),
    "customers_label": _("Customers", "Pelanggan"),
    "excluded_label": _("Left out", "Tidak dianalisis"),
    "excluded_fact": _(
        "{count} customers; reasons (a customer can have several): {reasons}.",
        "{count} pelanggan; alasannya (satu pelanggan bisa memiliki beberapa): {reasons}.",
    ),
    "missing_income_warning": _(
        "{share} of the customers have no income: rerun with --impute-income to keep them with the median income.",
        "{share} pelanggan tidak memiliki pendapatan: jalankan ulang dengan --impute-income untuk menyertakan "
        "mereka dengan median pendapatan.",
    ),
    "run": _("Run", "Dijalankan"),
    "parameters": _("Parameters", "Parameter"),
    "segmentation": _("Segmentation", "Segmentasi"),
    "segmentation_fact": _(
        "PCA and K-Means, {k} clusters, silhouette {silhouette}",
        "PCA dan K-Means, {k} klaster, silhouette {silhouette}",
    ),
    "project_version": _("Project version", "Versi proyek"),
    "targeting": _("Whom to contact", "Siapa yang dihubungi"),
    "targeting_fact": _(
        "{model} (held-out AUC {auc}): contact {share} of customers for a profit of {profit}; "
        "contacting everyone: {everyone}",
        "{model} (AUC data disisihkan {auc}): hubungi {share} pelanggan dengan laba {profit}; menghubungi semua: "
        "{everyone}",
    ),
    "targeting_on_sample": _(
        " (learned from {sampled} of the {rows} customers, counted on all of them)",
        " (dipelajari dari {sampled} dari {rows} pelanggan, dihitung pada semuanya)",
    ),
    "targeting_too_few": _(
        "no response model: {responders} customers accepted the last campaign and {decliners} declined, too few of "
        "one kind to learn from (see the modeling stage)",
        "tanpa model respons: {responders} pelanggan menerima kampanye terakhir dan {decliners} menolak, terlalu "
        "sedikit dari salah satunya untuk dipelajari (lihat tahap pemodelan)",
    ),
    "targeting_none": _(
        "no response model: the data gives nothing to learn from (see the modeling stage)",
        "tanpa model respons: data tidak memberi apa pun untuk dipelajari (lihat tahap pemodelan)",
    ),
    "footer": _("Data behind the pages", "Data di balik halaman"),
    "segments_csv": _(
        "every analysed customer with their persona", "setiap pelanggan yang dianalisis dengan personanya"
    ),
    "contact_list_csv": _(
        "whom to contact, customer by customer", "siapa yang perlu dihubungi, pelanggan demi pelanggan"
    ),
    "personas_csv": _("one row per persona", "satu baris per persona"),
    "summary_json": _("the key results as data", "hasil utama sebagai data"),
    "report_home": _("Report home", "Beranda laporan"),
    "position": _("Stage {number} (stages 0 to {last})", "Tahap {number} (tahap 0 sampai {last})"),
    "parameter_n_clusters": _("personas (k)", "persona (k)"),
    "parameter_random_state": _("random state", "benih acak"),
    "parameter_reference_year": _("reference year", "tahun acuan"),
    "parameter_date_order": _("date order", "urutan tanggal"),
    "date_order_default": _("inferred from the data", "disimpulkan dari data"),
    "parameter_lang": _("language", "bahasa"),
    "parameter_sampling_threshold": _("sampling threshold", "ambang pengambilan sampel"),
    "parameter_sample_rows": _("learning sample, at most", "sampel pembelajaran, paling banyak"),
    "parameter_sheet": _("sheet", "lembar"),
    "sheet_default": _("the first", "yang pertama"),
    "parameter_impute_income": _("impute missing incomes", "isi pendapatan kosong"),
    "parameter_previous": _("previous report", "laporan sebelumnya"),
    "previous_default": _("none", "tidak ada"),
    "parameter_contact_cost": _("cost per contact", "biaya per kontak"),
    "contact_cost_default": _("from the data", "dari data"),
    "parameter_revenue": _("revenue per acceptance", "pendapatan per penerimaan"),
    "revenue_default": _("from the data", "dari data"),
    "parameter_budget": _("budget for contacts", "anggaran kontak"),
    "budget_default": _("no limit", "tanpa batas"),
    "parameter_max_contacts": _("contacts, at most", "kontak, paling banyak"),
    "max_contacts_default": _("no limit", "tanpa batas"),
    "parameter_engine": _("engine", "mesin pemrosesan"),
    "analyst_view_label": _("analyst view, with code", "tampilan analis, dengan kode"),
    "hide_code": _("Hide the code (business view)", "Sembunyikan kode (tampilan bisnis)"),
    "show_code": _("Show the code (analyst view)", "Tampilkan kode (tampilan analis)"),
}
STAGE_TITLES = {
    "00_problem_statement": _("Problem statement", "Rumusan masalah"),
    "01_data_preparation": _("Data preparation", "Persiapan data"),
    "02_exploratory_analysis": _("Exploratory analysis", "Analisis eksploratif"),
    "03_modeling": _("Modeling", "Pemodelan"),
    "04_persona_analysis": _("Persona analysis", "Analisis persona"),
    "05_recommendations": _("Business recommendations", "Rekomendasi bisnis"),
}
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
}


def known_language(lang: str) -> str:
    """``lang`` if the report speaks it; a ValueError naming the languages otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


# English nouns that follow a count; Indonesian nouns do not change with the number.
_COUNTED = re.compile(r"(?<![\d.,])1 (customer|responder|row|value|column|campaign|transaction|visit|persona|file)s\b")


def one_of(text: str, lang: str) -> str:
    """ "1 customers" as "1 customer": sentences take their counts from the data, and a count may be one."""
    return _COUNTED.sub(r"1 \1", text) if known_language(lang) == "en" else text


def text(key: str, lang: str, **values) -> str:
    """The phrase ``key`` in ``lang`` with ``values`` filled in."""
    return one_of(PHRASES[key][known_language(lang)].format(**values), lang)


def input_name(record: dict, lang: str) -> str:
    """What a run analysed in words, from its ``data`` record (``InputIdentity.as_record``): a file's name, or
    '3 files in lake' for a folder and '3 files matching 2026-*.csv' for a glob."""
    kind = record.get("input", "file")
    if kind == "file":
        return record["file"]
    return text(f"input_{kind}", lang, files=count(record["files"], lang), name=record["file"])


def word(key: str, lang: str) -> str:
    return WORDS[key][known_language(lang)]


def header(key: str, lang: str) -> str:
    """A table column's header in ``lang``."""
    return HEADERS[key][known_language(lang)]


def finding(key: str, lang: str, **values) -> str:
    return one_of(FINDINGS[key][known_language(lang)].format(**values), lang)


def page_text(key: str, lang: str, **values) -> str:
    """The page phrase ``key`` in ``lang`` with ``values`` filled in."""
    return one_of(PAGE_PHRASES[key][known_language(lang)].format(**values), lang)


def persona_name(key: str, lang: str) -> str:
    """The name of the persona ``key`` (``high-value/frequent-buyers``): 'High-Value Frequent Buyers' in English,
    'Pembeli Rutin Bernilai Tinggi' in Indonesian; a persona known by its tier alone (``mid-value/customers``) is
    'Mid-Value Customers' / 'Pelanggan Bernilai Menengah'."""
    tier, trait = key.split("/", 1)
    tier_name, trait_name = TIERS[tier][known_language(lang)], TRAITS[trait][lang]
    return f"{tier_name} {trait_name}" if lang == "en" else f"{trait_name} {tier_name}"


def stages(stage_ids, lang: str) -> tuple[tuple[str, str], ...]:
    """(stage id, title in ``lang``) for each stage."""
    return tuple((stage, STAGE_TITLES[stage][known_language(lang)]) for stage in stage_ids)


def run_date(moment, lang: str) -> str:
    """'25 November 2026, 09:05 UTC'; month names are spelled in ``lang``, not in the machine's locale."""
    month = MONTHS[known_language(lang)][moment.month - 1]
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M %Z}".strip()
