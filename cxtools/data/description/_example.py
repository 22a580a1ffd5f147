"""A complete, commented ``cxtools.yaml``: every key the description knows."""

EXAMPLE = """\
# cxtools.yaml -- the data description of one data folder.
# Names on the left of `columns:` are yours; on the right, cxtools' roles.
version: 1
language: ru                  # stakeholder reports in en or ru
currency: {code: RUB, symbol: "\u20bd", position: after}   # ISO 4217 code and how amounts are printed
time_unit: month              # day, week, month, quarter or year
as_of: 2026-06-30             # optional; default: the last date in the data
targets:                      # optional, per indicator (a bare number means "higher is better")
  nps: 30
  ces_easy_share: {value: 0.8}
  avg_wait_minutes: {value: 5, direction: lower, unit: min}

transactions:                 # one row per purchase
  file: orders.txt            # relative to this folder
  format: text                # csv, text, parquet, excel, duckdb; spark or ibis for a table (docs/scale.md)
  sep: whitespace             # ",", ";", "\\t", "|" or whitespace
  encoding: utf-8             # utf-8, utf-8-sig, cp1251, ...
  decimal: "."
  thousands: null             # " ", nbsp, ",", "." or null
  date_format: YYYYMMDD       # or a strftime pattern such as "%d.%m.%Y"; null: ISO or DD.MM.YYYY
  columns: {order_id: transaction_id, cust: customer_id, date: timestamp, sales: amount}

contracts:                    # subscriptions (one row per contract); also written `subscriptions:`
  file: crm.duckdb
  table: main.contracts       # or  query: "SELECT ... FROM ..."
  columns: {client: customer_id, opened: start_date, closed: end_date}

customers:
  file: export.xlsx
  sheet: Clients
  columns:
    Клиент: customer_id
    ФИО: name
    Телефон: phone
    Эл. почта: email
    Дата регистрации: signup_date
  personal: ["ФИО", "Телефон", "Эл. почта"]   # never shown in reports

survey:
  file: survey                # a folder of Parquet files
  format: parquet
  columns: {resp_id: respondent_id, client: customer_id}
  personal: [email]
  scales:                     # per item, or per group with a trailing *
    q_recommend: [0, 10]
    q_overall: [1, 10]
    "q_attr_*": [1, 7]
    q_csat: [1, 5]
    q_effort: [1, 7]
    "q_loyal_*": [1, 5]
  reversed: [q_loyal_3]       # a high answer means a worse experience
  overall_satisfaction: q_overall
  recommend: q_recommend      # NPS needs a 0-10 item; other scales are refused, never rescaled
  csat: {item: q_csat, top_box: [4, 5], bottom_box: [1, 2]}
  ces: {item: q_effort, top_box: [5, 6, 7], bottom_box: [1, 2, 3]}
  attributes: ["q_attr_*"]
  importance: []              # stated importance, if asked (else derived from the data)
  likert: [q_loyal_1, q_loyal_2, q_loyal_3]
  segment: region             # optional: grouping, waves, design weights, link to customers
  wave: quarter
  weight: null
  customer_link: customer_id
  response_date: null

kano: {file: kano.csv}
incidents: {file: incidents.csv, encoding: cp1251, sep: ";"}
operations: {file: operations.parquet}
employees:                    # employee survey (eNPS on 0-10, engagement items, unit, wave)
  file: employees.csv
  scales: {enps: [0, 10], "eng_*": [1, 5]}
  enps: enps
  engagement: ["eng_*"]
  unit: branch
  wave: wave
  personal: [employee_name]
"""
