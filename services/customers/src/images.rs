//! The one storage of uploaded images: base64 in, a file in a configured directory (size-limited,
//! PNG, JPEG, GIF or WebP only), served back by URL (`/warranty-info/images/<name>`).

use std::path::PathBuf;

use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpResponse, web};
use base64::Engine;
use platform::AppError;
use platform::auth::Caller;

use crate::config::CustomersSettings;

#[derive(Debug, Clone)]
pub struct ImageStore {
    dir: PathBuf,
    max_bytes: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ImageError {
    /// Not base64, not an image of a known kind, empty or too large: the client's fault.
    Rejected(String),
    /// The disk refused: ours.
    Storage(String),
}

/// The kind of image the bytes begin with: its file extension and media type.
fn kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("jpg", "image/jpeg"))
    } else if bytes.starts_with(b"GIF8") {
        Some(("gif", "image/gif"))
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("webp", "image/webp"))
    } else {
        None
    }
}

/// The URL an image is served back at.
pub fn url(name: &str) -> String {
    format!("/warranty-info/images/{name}")
}

impl ImageStore {
    pub fn new(settings: &CustomersSettings) -> Self {
        Self {
            dir: PathBuf::from(&settings.images_dir),
            max_bytes: settings.image_max_bytes,
        }
    }

    /// Decodes `data` (plain base64 or a `data:image/…;base64,` URL) and stores it: its name.
    pub fn save_base64(&self, data: &str) -> Result<String, ImageError> {
        let encoded = data.trim();
        let encoded = match encoded.split_once(";base64,") {
            Some((prefix, rest)) if prefix.starts_with("data:") => rest,
            _ => encoded,
        };
        let compact: String = encoded
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        if compact.len() / 4 * 3 > self.max_bytes + 3 {
            return Err(ImageError::Rejected(format!(
                "larger than {} bytes",
                self.max_bytes
            )));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|e| ImageError::Rejected(format!("not base64: {e}")))?;
        if bytes.len() > self.max_bytes {
            return Err(ImageError::Rejected(format!(
                "larger than {} bytes",
                self.max_bytes
            )));
        }
        let (extension, _) = kind(&bytes)
            .ok_or_else(|| ImageError::Rejected("not a PNG, JPEG, GIF or WebP image".into()))?;
        std::fs::create_dir_all(&self.dir).map_err(|e| ImageError::Storage(e.to_string()))?;
        let name = format!("{}.{extension}", uuid::Uuid::new_v4());
        std::fs::write(self.dir.join(&name), &bytes)
            .map_err(|e| ImageError::Storage(e.to_string()))?;
        Ok(name)
    }

    /// Removes a stored image; one already gone is fine.
    pub fn delete(&self, name: &str) -> Result<(), ImageError> {
        match std::fs::remove_file(self.dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(ImageError::Storage(e.to_string()))
            }
            _ => Ok(()),
        }
    }

    /// Removes images no row points at any more; a failure is logged, the answer stands.
    pub fn forget(&self, names: &[String]) {
        for name in names {
            if let Err(err) = self.delete(name) {
                tracing::warn!(image = name, error = ?err, "an unused image stays on disk");
            }
        }
    }

    /// The end of a write that stored the images `added`: once it is done, the images it
    /// replaced go; when it failed, the ones it added (nothing points at them).
    pub fn settle<T>(
        &self,
        outcome: Result<(T, Vec<String>), AppError>,
        added: &[String],
    ) -> Result<T, AppError> {
        match outcome {
            Ok((done, replaced)) => {
                self.forget(&replaced);
                Ok(done)
            }
            Err(err) => {
                self.forget(added);
                Err(err)
            }
        }
    }

    fn read(&self, name: &str) -> Option<(Vec<u8>, &'static str)> {
        // Only names this store gives: no path can leave the directory.
        let safe = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !safe || name.starts_with('.') {
            return None;
        }
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        let (_, media) = kind(&bytes)?;
        Some((bytes, media))
    }
}

#[utoipa::path(get, path = "/warranty-info/images/{file}",
    params(("file" = String, Path, description = "The name an upload was given.")),
    description = "An uploaded image, as the URL in a registration's `image` gives it (any valid token).",
    responses(
        (status = 200, description = "The image (image/png, image/jpeg, image/gif or image/webp).", content_type = "image/*"),
        (status = 404, description = "No such image (NOT_FOUND)."),
    ))]
pub async fn serve(
    _caller: Caller,
    store: web::Data<ImageStore>,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let store = store.into_inner();
    let name = file.into_inner();
    let found = platform::db::blocking(move || Ok(store.read(&name))).await?;
    match found {
        Some((bytes, media)) => Ok(HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, media))
            .body(bytes)),
        None => Err(AppError::from_code(platform::error::PlatformCode::NotFound)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    fn store(max_bytes: usize) -> (tempfile::TempDir, ImageStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = ImageStore {
            dir: dir.path().to_path_buf(),
            max_bytes,
        };
        (dir, store)
    }

    #[test]
    fn images_are_stored_read_back_and_deleted() {
        let (_dir, store) = store(1024);
        let name = store
            .save_base64(&format!("data:image/png;base64,{PNG}"))
            .unwrap();
        assert!(name.ends_with(".png"));
        assert_eq!(store.read(&name).map(|(_, m)| m), Some("image/png"));
        store.delete(&name).unwrap();
        assert_eq!(store.read(&name), None);
        assert_eq!(store.delete(&name), Ok(()));
        assert_eq!(store.read("../etc/passwd"), None);
    }

    #[test]
    fn what_is_not_a_small_image_is_rejected() {
        let (_dir, store) = store(20);
        assert!(matches!(
            store.save_base64(PNG),
            Err(ImageError::Rejected(_))
        ));
        let (_dir, store) = store_big();
        assert!(matches!(
            store.save_base64("%%%"),
            Err(ImageError::Rejected(_))
        ));
        assert!(matches!(
            store.save_base64("aGVsbG8="),
            Err(ImageError::Rejected(_))
        ));
    }

    fn store_big() -> (tempfile::TempDir, ImageStore) {
        store(1 << 20)
    }
}
