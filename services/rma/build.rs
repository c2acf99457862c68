fn main() {
    // Embedded migrations: rebuild when a migration file is added or changed.
    println!("cargo:rerun-if-changed=migrations");
}
