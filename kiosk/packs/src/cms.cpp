// SHA-256 and CMS signatures with OpenSSL: the same format as `openssl cms -sign -binary -outform DER` and as
// SWUpdate's sw-description.sig, so one key signs both and the command line can check a pack by hand.
#include "internal.hpp"

#include <fmt/format.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace borne::packs::detail {

namespace {

template <auto Free>
struct Deleter {
    template <class T>
    void operator()(T* p) const { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;

/// OpenSSL's last error in words (its queue is emptied, so the next call starts clean).
std::string openssl_error() {
    unsigned long code = ERR_get_error();
    std::string text = "raison inconnue";
    if (code != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text = buffer;
    }
    ERR_clear_error();
    return text;
}

BioPtr memory_bio(std::string_view data) { return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size()))); }

}  // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

Result<std::string> cms_sign(std::string_view data, const std::string& key_file, const std::string& cert_file) {
    using R = Result<std::string>;
    BioPtr key_bio(BIO_new_file(key_file.c_str(), "r"));
    // No password callback: OpenSSL asks on the terminal for an encrypted key (the production key).
    KeyPtr key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) return R::failure(fmt::format("{} : clé de signature illisible ({})", key_file, openssl_error()));
    BioPtr cert_bio(BIO_new_file(cert_file.c_str(), "r"));
    CertPtr cert(cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) return R::failure(fmt::format("{} : certificat illisible ({})", cert_file, openssl_error()));
    auto in = memory_bio(data);
    CmsPtr cms(CMS_sign(cert.get(), key.get(), nullptr, in.get(), CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP));
    if (!cms) return R::failure(fmt::format("signature impossible ({})", openssl_error()));
    BioPtr out(BIO_new(BIO_s_mem()));
    if (i2d_CMS_bio(out.get(), cms.get()) != 1) return R::failure(fmt::format("signature impossible ({})", openssl_error()));
    char* bytes = nullptr;
    long size = BIO_get_mem_data(out.get(), &bytes);
    return R::success(std::string(bytes, static_cast<std::size_t>(size)));
}

Status cms_verify(std::string_view data, std::string_view signature, const std::string& ca_file) {
    StorePtr store(X509_STORE_new());
    if (!store || X509_STORE_load_file(store.get(), ca_file.c_str()) != 1)
        return Status::failure(fmt::format("{} : certificat de l'autorité de mise à jour illisible ({})", ca_file, openssl_error()));
    auto sig_bio = memory_bio(signature);
    CmsPtr cms(d2i_CMS_bio(sig_bio.get(), nullptr));
    if (!cms) return Status::failure(fmt::format("signature illisible ({})", openssl_error()));
    auto content = memory_bio(data);
    if (CMS_verify(cms.get(), nullptr, store.get(), content.get(), nullptr, CMS_BINARY) != 1)
        return Status::failure(fmt::format("signature refusée : le paquet n'est pas signé par l'autorité de {} ou a été modifié ({})", ca_file,
                                           openssl_error()));
    ERR_clear_error();
    return Status::success();
}

}  // namespace borne::packs::detail
