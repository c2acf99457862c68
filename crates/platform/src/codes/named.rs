/// An enum whose variants go by fixed names on the wire (a document's action names, say),
/// declared in one list: the enum, `ALL`, `NAMES`, `name()` and `parse()` (surrounding spaces
/// ignored, exact case).
///
/// ```
/// platform::named_enum! {
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Move { Send = "sendToSupplier", Back = "receivedFromSupplier" }
/// }
/// assert_eq!(Move::parse(" sendToSupplier"), Some(Move::Send));
/// assert_eq!(Move::Back.name(), "receivedFromSupplier");
/// assert_eq!(Move::NAMES.join(", "), "sendToSupplier, receivedFromSupplier");
/// ```
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $wire:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($wire),+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|named| named.name() == text)
            }
        }
    };
}
