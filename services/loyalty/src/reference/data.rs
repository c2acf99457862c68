//! The reference lists shipped with the service: countries (with their calling code, national
//! number lengths and zip format), cities with their zip codes, civilities. Small by design:
//! the consistency rule (302) only checks the cities it knows.

/// A country as the guide writes it (`FRANCE`).
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub calling_code: &'static str,
    /// Lengths of the national number after the calling code.
    pub national_lengths: &'static [usize],
    /// Digits of a zip code.
    pub zip_digits: usize,
}

pub const COUNTRIES: &[Country] = &[
    Country {
        code: "FR",
        name: "FRANCE",
        calling_code: "33",
        national_lengths: &[9],
        zip_digits: 5,
    },
    Country {
        code: "BE",
        name: "BELGIQUE",
        calling_code: "32",
        national_lengths: &[8, 9],
        zip_digits: 4,
    },
    Country {
        code: "CH",
        name: "SUISSE",
        calling_code: "41",
        national_lengths: &[9],
        zip_digits: 4,
    },
    Country {
        code: "LU",
        name: "LUXEMBOURG",
        calling_code: "352",
        national_lengths: &[6, 7, 8, 9],
        zip_digits: 4,
    },
    Country {
        code: "DE",
        name: "ALLEMAGNE",
        calling_code: "49",
        national_lengths: &[10, 11],
        zip_digits: 5,
    },
    Country {
        code: "ES",
        name: "ESPAGNE",
        calling_code: "34",
        national_lengths: &[9],
        zip_digits: 5,
    },
    Country {
        code: "IT",
        name: "ITALIE",
        calling_code: "39",
        national_lengths: &[9, 10],
        zip_digits: 5,
    },
    Country {
        code: "GB",
        name: "ROYAUME-UNI",
        calling_code: "44",
        national_lengths: &[10],
        zip_digits: 0,
    },
    Country {
        code: "US",
        name: "ETATS-UNIS",
        calling_code: "1",
        national_lengths: &[10],
        zip_digits: 5,
    },
    Country {
        code: "CA",
        name: "CANADA",
        calling_code: "1",
        national_lengths: &[10],
        zip_digits: 0,
    },
];

/// (country, city, zip codes): the cities the tills' drop-downs offer.
pub const CITIES: &[(&str, &str, &[&str])] = &[
    (
        "FRANCE",
        "PARIS",
        &[
            "75001", "75002", "75003", "75004", "75005", "75006", "75007", "75008", "75009",
            "75010", "75011", "75012", "75013", "75014", "75015", "75016", "75017", "75018",
            "75019", "75020",
        ],
    ),
    (
        "FRANCE",
        "MARSEILLE",
        &[
            "13001", "13002", "13003", "13004", "13005", "13006", "13007", "13008",
        ],
    ),
    (
        "FRANCE",
        "LYON",
        &[
            "69001", "69002", "69003", "69004", "69005", "69006", "69007", "69008", "69009",
        ],
    ),
    (
        "FRANCE",
        "TOULOUSE",
        &["31000", "31100", "31200", "31300", "31400", "31500"],
    ),
    (
        "FRANCE",
        "BORDEAUX",
        &["33000", "33100", "33200", "33300", "33800"],
    ),
    ("FRANCE", "MERIGNAC", &["33700"]),
    ("FRANCE", "PESSAC", &["33600"]),
    ("FRANCE", "CLERMONT FERRAND", &["63000", "63100"]),
    ("FRANCE", "NANTES", &["44000", "44100", "44200", "44300"]),
    (
        "FRANCE",
        "LILLE",
        &["59000", "59160", "59260", "59777", "59800"],
    ),
    ("FRANCE", "STRASBOURG", &["67000", "67100", "67200"]),
    ("FRANCE", "NICE", &["06000", "06100", "06200", "06300"]),
    ("FRANCE", "RENNES", &["35000", "35200", "35700"]),
    (
        "FRANCE",
        "MONTPELLIER",
        &["34000", "34070", "34080", "34090"],
    ),
    ("BELGIQUE", "BRUXELLES", &["1000"]),
    ("BELGIQUE", "LIEGE", &["4000"]),
    (
        "SUISSE",
        "GENEVE",
        &["1201", "1202", "1203", "1204", "1205"],
    ),
    (
        "LUXEMBOURG",
        "LUXEMBOURG",
        &["1111", "1112", "1113", "1114"],
    ),
];

/// (code, label): what `civility` takes.
pub const CIVILITIES: &[(&str, &str)] = &[
    ("MONSIEUR", "Monsieur"),
    ("MADAME", "Madame"),
    ("MADEMOISELLE", "Mademoiselle"),
    ("M", "M."),
    ("MME", "Mme"),
    ("MLLE", "Mlle"),
];

/// Upper case without accents, hyphens and apostrophes as spaces: `Mérignac` is `MERIGNAC`,
/// `Clermont-Ferrand` is `CLERMONT FERRAND`.
pub fn normalized(text: &str) -> String {
    let folded: String = text
        .trim()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'î' | 'ï' | 'Î' | 'Ï' => 'I',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'O',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ç' | 'Ç' => 'C',
            '-' | '\'' => ' ',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn country(name: &str) -> Option<&'static Country> {
    let name = normalized(name);
    COUNTRIES
        .iter()
        .find(|c| normalized(c.name) == name || c.code == name)
}

pub fn cities(country: &str) -> Vec<(&'static str, &'static [&'static str])> {
    let country = normalized(country);
    CITIES
        .iter()
        .filter(|(c, _, _)| normalized(c) == country)
        .map(|(_, city, zips)| (*city, *zips))
        .collect()
}
