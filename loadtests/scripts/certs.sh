# shellcheck shell=bash
# Throwaway certificates for the TLS load scenarios, made with openssl. Sourced after common.sh; expects RUN_DIR.

# make_ca DIR: an ECDSA P-256 CA valid for two days, as DIR/ca.pem and DIR/ca.key.
make_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Load Test CA" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$1/ca.key" -out "$1/ca.pem" 2>>"$RUN_DIR/logs/openssl.log"
}

# issue_server_cert DIR NAME SAN: an ECDSA P-256 server certificate for the DNS name SAN signed by DIR's CA,
# as DIR/NAME.pem and DIR/NAME.key.
issue_server_cert() {
    local dir=$1 name=$2 san=$3
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$san" \
        -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>>"$RUN_DIR/logs/openssl.log"
    printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$san" >"$dir/$name.ext"
    openssl x509 -req -days 2 -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
        -extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>>"$RUN_DIR/logs/openssl.log"
}
