//! The HTML of the import pages. Every value from the file goes through `Escaped`.

use std::fmt::Write as _;

use platform::html::Escaped;
use serde_json::Value;

use super::french::in_french;
use super::store::Import;
use crate::clients::import::Action;
use crate::clients::rows::{cell, row_of};

/// Rows on one page of a preview.
pub const PREVIEW_PAGE: usize = 100;
/// Problems listed on a preview (all of them are in the bad-rows CSV).
pub const PROBLEMS_LISTED: usize = 500;

pub fn upload_form(csrf: &str, problem: Option<&str>) -> String {
    let problem = problem.map_or_else(String::new, |p| {
        format!(r#"<p class="error" role="alert">{}</p>"#, Escaped(p))
    });
    format!(
        r#"{problem}<p>Envoyez un fichier de clients : le JSON de <code>/api/update_db</code> (<code>{{"clients": [...]}}</code>) ou un CSV de mêmes colonnes (Nom, Prenom, Credit, Paiement, Date_paiement, Montant, Compte, Email, Age, Sexe, Phone, NbRefus, PanierMoyen ; la première ligne les nomme). Chaque ligne est vérifiée avant que rien ne soit écrit : vous verrez ce que chacune fera.</p>
<form method="post" action="/crm/import" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="{csrf}">
<label for="file">Fichier (JSON ou CSV)</label>
<input id="file" name="file" type="file" accept=".json,.csv,application/json,text/csv" required>
<p><button type="submit">Vérifier le fichier</button></p>
</form>"#,
        csrf = Escaped(csrf),
    )
}

fn label(action: Action) -> &'static str {
    match action {
        Action::Create => "Créer",
        Action::Update => "Mettre à jour",
        Action::Unchanged => "Inchangé",
        Action::Error => "Erreur",
    }
}

/// The problems of an import, as (row index, field, reason in French).
pub fn problems(import: &Import) -> Vec<(usize, String, String)> {
    import
        .problems
        .lines()
        .filter_map(|line| {
            let (field, message) = line.split_once('\t')?;
            let index = row_of(field)?;
            let field = field.split_once('.').map_or("", |(_, f)| f);
            Some((index, field.to_string(), in_french(message)))
        })
        .collect()
}

pub struct Counts {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub errors: usize,
}

pub fn counts(import: &Import) -> Counts {
    let mut counts = Counts {
        create: 0,
        update: 0,
        unchanged: 0,
        errors: 0,
    };
    for letter in import.actions.chars() {
        match Action::of_letter(letter) {
            Action::Create => counts.create += 1,
            Action::Update => counts.update += 1,
            Action::Unchanged => counts.unchanged += 1,
            Action::Error => counts.errors += 1,
        }
    }
    counts
}

/// "1 ligne", "3 lignes" (French keeps 0 and 1 singular).
fn lines(count: i64) -> String {
    if count > 1 {
        format!("{count} lignes")
    } else {
        format!("{count} ligne")
    }
}

/// The preview: the counts, the problems and the way to fix them, the button to import when
/// there is none, and one page of the rows with what each will do.
pub fn preview(import: &Import, csrf: &str, page: usize, rows: &[(usize, Value)]) -> String {
    let c = counts(import);
    let id = Escaped(&import.id);
    let mut body = format!(
        r#"<p role="status">Fichier <strong>{}</strong> : {} — {} à créer, {} à mettre à jour, {} inchangées, {} en erreur.</p>
"#,
        Escaped(&import.filename),
        lines(import.row_count),
        c.create,
        c.update,
        c.unchanged,
        c.errors
    );
    let problems = problems(import);
    if c.errors > 0 {
        let _ = write!(
            body,
            r#"<p class="error" role="alert">{} en erreur : rien ne sera importé. Corrigez-les et envoyez le fichier à nouveau.</p>
<p><a href="/crm/import/{id}/errors.csv" download>Télécharger les lignes en erreur (CSV)</a> · <a href="/crm/import">Envoyer un autre fichier</a></p>
<table><caption>Erreurs</caption><thead><tr><th scope="col">Ligne</th><th scope="col">Champ</th><th scope="col">Raison</th></tr></thead><tbody>
"#,
            lines(i64::try_from(c.errors).unwrap_or(i64::MAX))
        );
        for (index, field, message) in problems.iter().take(PROBLEMS_LISTED) {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                index + 1,
                Escaped(field),
                Escaped(message)
            );
        }
        body.push_str("</tbody></table>\n");
        if problems.len() > PROBLEMS_LISTED {
            let _ = writeln!(
                body,
                "<p>… et {} autres, dans le CSV des lignes en erreur.</p>",
                problems.len() - PROBLEMS_LISTED
            );
        }
    } else {
        let _ = write!(
            body,
            r#"<form method="post" action="/crm/import/{id}/run">
<input type="hidden" name="csrf" value="{}">
<p><button type="submit">Importer : {}</button> <a href="/crm/import">Annuler</a></p>
</form>
"#,
            Escaped(csrf),
            lines(import.row_count)
        );
    }
    let actions: Vec<char> = import.actions.chars().collect();
    let pages = actions.len().div_ceil(PREVIEW_PAGE).max(1);
    let _ = writeln!(
        body,
        r#"<table><caption>Lignes {} à {} sur {}</caption><thead><tr><th scope="col">Ligne</th><th scope="col">Action</th><th scope="col">Nom</th><th scope="col">Prenom</th><th scope="col">Compte</th><th scope="col">Email</th><th scope="col">Problème</th></tr></thead><tbody>"#,
        ((page - 1) * PREVIEW_PAGE + 1).min(actions.len()),
        (page * PREVIEW_PAGE).min(actions.len()),
        actions.len()
    );
    for (index, row) in rows {
        let action = actions
            .get(*index)
            .copied()
            .map_or(Action::Error, Action::of_letter);
        let why: Vec<String> = problems
            .iter()
            .filter(|(i, _, _)| i == index)
            .map(|(_, field, message)| format!("{field} : {message}"))
            .collect();
        let _ = writeln!(
            body,
            r#"<tr class="action-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            action.letter().to_string().replace('=', "n"),
            index + 1,
            label(action),
            Escaped(&cell(row, "Nom")),
            Escaped(&cell(row, "Prenom")),
            Escaped(&cell(row, "Compte")),
            Escaped(&cell(row, "Email")),
            Escaped(&why.join(" ; ")),
        );
    }
    body.push_str("</tbody></table>\n");
    if pages > 1 {
        body.push_str(r#"<nav class="pages" aria-label="Pages de l'aperçu">"#);
        if page > 1 {
            let _ = write!(
                body,
                r#"<a href="/crm/import/{id}?page={}" rel="prev">Lignes précédentes</a> "#,
                page - 1
            );
        }
        let _ = write!(body, "Page {page} sur {pages}");
        if page < pages {
            let _ = write!(
                body,
                r#" <a href="/crm/import/{id}?page={}" rel="next">Lignes suivantes</a>"#,
                page + 1
            );
        }
        body.push_str("</nav>\n");
    }
    body
}

/// A running import: how far it is (when this process runs it).
pub fn running(import: &Import, done: Option<usize>) -> String {
    match done {
        Some(done) => format!(
            r#"<p role="status">Import en cours : {done} sur {}.</p>
<progress max="{total}" value="{done}" aria-label="Progression de l'import">{done} / {total}</progress>
<p>La page se met à jour toute seule.</p>"#,
            lines(import.row_count),
            total = import.row_count
        ),
        None => r#"<p role="status">Import en cours.</p><progress aria-label="Progression de l'import"></progress><p>La page se met à jour toute seule.</p>"#.to_string(),
    }
}

pub fn finished(import: &Import) -> String {
    match import.state.as_str() {
        super::store::DONE => format!(
            r#"<p class="ok" role="status">Import terminé : {} créés, {} mis à jour, {} inchangés.</p>
<progress max="1" value="1" aria-label="Progression de l'import">terminé</progress>
<p><a href="/crm/">Voir les clients</a> · <a href="/crm/import">Importer un autre fichier</a></p>"#,
            import.created, import.updated, import.unchanged
        ),
        _ => format!(
            r#"<p class="error" role="alert">L'import a échoué et rien n'a été écrit : {}</p>
<p><a href="/crm/import">Envoyer le fichier à nouveau</a></p>"#,
            Escaped(import.message.as_deref().unwrap_or(""))
        ),
    }
}
