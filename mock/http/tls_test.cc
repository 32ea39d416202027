#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/self_signed_cert.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name()))
      .string();
}

TEST(SelfSignedCertTest, MakesAPemCertificateAndKey) {
  auto made = make_self_signed_identity();
  ASSERT_TRUE(made.ok()) << made.error().message;
  const PemIdentity& id = *made;
  EXPECT_EQ(id.cert_pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(id.key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
}

TEST(TlsServerTest, SelfSignedCertificateIsTrustedThroughTlsCertOut) {
  ServerOptions o = testing::test_options();
  o.tls = true;
  o.auth = AuthMode::kBearer;
  o.tls_cert_out = temp_path("graphmock-cert.pem");
  testing::StartedServer s(o);
  ASSERT_EQ(s.url().rfind("https://127.0.0.1:", 0), 0u) << s.url();

  for (const char* host : {"127.0.0.1", "localhost"}) {
    httplib::SSLClient client(host, s.server().port());
    client.set_ca_cert_path(o.tls_cert_out.c_str());
    client.enable_server_certificate_verification(true);
    auto r = client.Get("/beta/teamwork/devices", {{"Authorization", "Bearer t"}});
    ASSERT_TRUE(r) << host << ": " << httplib::to_string(r.error()) << " (ssl error "
                   << client.get_openssl_verify_result() << ")";
    EXPECT_EQ(r->status, 200) << host;
  }
  // A client that does not trust the certificate is refused.
  httplib::SSLClient untrusting("127.0.0.1", s.server().port());
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_ca_cert_path("/nonexistent.pem");
  EXPECT_FALSE(untrusting.Get("/beta/teamwork/devices"));
  std::remove(o.tls_cert_out.c_str());
}

TEST(TlsServerTest, GivenCertificateAndKeyAreServed) {
  auto made = make_self_signed_identity();
  ASSERT_TRUE(made.ok()) << made.error().message;
  const PemIdentity& id = *made;
  ServerOptions o = testing::test_options();
  o.tls = true;
  o.cert_file = temp_path("given-cert.pem");
  o.key_file = temp_path("given-key.pem");
  o.tls_cert_out = temp_path("given-cert-out.pem");
  std::ofstream(o.cert_file) << id.cert_pem;
  std::ofstream(o.key_file) << id.key_pem;
  testing::StartedServer s(o);
  std::stringstream written;
  written << std::ifstream(o.tls_cert_out).rdbuf();
  EXPECT_EQ(written.str(), id.cert_pem) << "--tls-cert-out gets the certificate given by --cert";
  httplib::SSLClient client("localhost", s.server().port());
  client.set_ca_cert_path(o.cert_file.c_str());
  auto r = client.Get("/beta/teamwork/devices");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  for (const auto& f : {o.cert_file, o.key_file, o.tls_cert_out}) std::remove(f.c_str());
}

TEST(TlsServerTest, MissingCertificateFileFailsToStart) {
  ServerOptions o = testing::test_options();
  o.tls = true;
  o.cert_file = "/nonexistent/cert.pem";
  o.key_file = "/nonexistent/key.pem";
  Server server(o);
  auto started = server.start();
  ASSERT_FALSE(started.ok());
  const std::string& error = started.error().message;
  EXPECT_NE(error.find("/nonexistent/cert.pem"), std::string::npos) << error;
}

}  // namespace
}  // namespace graphmock
