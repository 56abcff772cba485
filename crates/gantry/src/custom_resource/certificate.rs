//! The certificate the `ResponseURL` listener presents: provider handlers PUT their
//! response with an HTTPS client (Node's `https` module in `cfn-response` and the CDK's
//! provider framework, `urllib` in Python), so the URL must be HTTPS and the handler must
//! trust it (cdk.md §7.5).
//!
//! A certificate authority is made for each `gantry up` and signs one server certificate
//! for `127.0.0.1`; the private keys stay in memory. What provider processes need to trust
//! it is written to the state directory (owner-only): the authority's certificate, for
//! `NODE_EXTRA_CA_CERTS`, and a bundle of the system's authorities plus it, for
//! `SSL_CERT_FILE`.

use std::fs;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// Where the system's certificate authorities usually are (Debian/Ubuntu, Fedora/RHEL,
/// Alpine/OpenSSL's default): the start of the bundle given to Python providers.
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
];

/// The listener's certificate and key, and the files provider processes trust it by.
pub(crate) struct LocalCertificate {
    /// The server certificate, then the authority's.
    pub(crate) chain: Vec<CertificateDer<'static>>,
    /// The server certificate's private key.
    pub(crate) key: PrivateKeyDer<'static>,
    /// The authority's certificate (PEM): `NODE_EXTRA_CA_CERTS`.
    pub(crate) ca_file: PathBuf,
    /// The system's authorities plus gantry's (PEM): `SSL_CERT_FILE`.
    pub(crate) bundle_file: PathBuf,
}

impl LocalCertificate {
    /// Makes the authority and the server certificate, and writes the trust files into
    /// `dir` (created owner-only).
    pub(crate) fn create(dir: &Path) -> anyhow::Result<Self> {
        let (ca_der, ca_pem, issuer) = authority()?;
        let server_key = KeyPair::generate().context("generating the ResponseURL key")?;
        let mut params = CertificateParams::new(Vec::<String>::new())
            .context("the ResponseURL certificate's parameters")?;
        params
            .distinguished_name
            .push(DnType::CommonName, "gantry custom resource responses");
        params.subject_alt_names = vec![
            SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            SanType::DnsName("localhost".try_into().context("the name localhost")?),
        ];
        params.use_authority_key_identifier_extension = true;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server = params
            .signed_by(&server_key, &issuer)
            .context("signing the ResponseURL certificate")?;

        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
        // Provider processes start in their code directory: the paths must be absolute.
        let dir = fs::canonicalize(dir).with_context(|| format!("resolving {}", dir.display()))?;
        let ca_file = dir.join("ca.pem");
        write_private(&ca_file, ca_pem.as_bytes())?;
        let mut bundle = system_bundle();
        bundle.push_str(&ca_pem);
        let bundle_file = dir.join("trust-bundle.pem");
        write_private(&bundle_file, bundle.as_bytes())?;
        Ok(Self {
            chain: vec![server.der().clone(), ca_der],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
            ca_file,
            bundle_file,
        })
    }
}

/// A certificate authority valid for signing server certificates.
fn authority() -> anyhow::Result<(CertificateDer<'static>, String, Issuer<'static, KeyPair>)> {
    let key = KeyPair::generate().context("generating the local certificate authority's key")?;
    let mut params = CertificateParams::new(Vec::<String>::new())
        .context("the local certificate authority's parameters")?;
    params
        .distinguished_name
        .push(DnType::CommonName, "gantry local custom resource CA");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
    ];
    let certificate = params
        .self_signed(&key)
        .context("signing the local certificate authority")?;
    Ok((
        certificate.der().clone(),
        certificate.pem(),
        Issuer::new(params, key),
    ))
}

/// The first system bundle found, or nothing (then only gantry's authority is trusted).
fn system_bundle() -> String {
    SYSTEM_BUNDLES
        .iter()
        .find_map(|path| fs::read_to_string(path).ok())
        .map(|mut text| {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        })
        .unwrap_or_default()
}

/// Writes a file readable by its owner only, replacing an earlier one.
fn write_private(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let _ = fs::remove_file(path);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(contents)
        .with_context(|| format!("writing {}", path.display()))
}
