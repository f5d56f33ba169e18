import MySQLWire
import NIOCore

extension ConnectionStateMachine {
    static let nativePlugin = "mysql_native_password"
    static let cachingSHA2Plugin = "caching_sha2_password"

    /// The scrambled password for `plugin`, or nil if Tide does not implement the plugin.
    func authResponse(plugin: String, scramble: [UInt8]) -> [UInt8]? {
        switch plugin {
        case Self.nativePlugin: return AuthScramble.nativePassword(password: password, scramble: scramble)
        case Self.cachingSHA2Plugin: return AuthScramble.cachingSHA2(password: password, scramble: scramble)
        default: return nil
        }
    }

    mutating func handshakeReceived(_ handshake: HandshakeV10) throws -> Action {
        guard handshake.capabilities.contains(.protocol41) else {
            throw MySQLClientError(.protocolViolation, "server does not speak protocol 4.1")
        }
        self.handshake = handshake
        if wantsTLS {
            guard handshake.capabilities.contains(.ssl) else {
                throw MySQLClientError(.tlsUnavailable, "the server does not offer TLS")
            }
            state = .awaitingTLS(handshake)
            return .sendSSLRequestAndStartTLS(packet(response(for: handshake, auth: []).encodeSSLRequest()))
        }
        return sendHandshakeResponse(handshake)
    }

    private func response(for handshake: HandshakeV10, auth: [UInt8]) -> HandshakeResponse41 {
        var caps = CapabilityFlags.tideDefault.intersection(handshake.capabilities)
        caps.insert(.protocol41)
        if wantsTLS { caps.insert(.ssl) }
        let plugin = authResponse(plugin: handshake.authPluginName, scramble: []) == nil
            ? Self.nativePlugin : handshake.authPluginName
        return HandshakeResponse41(
            capabilities: caps, username: username, authResponse: auth, database: database, authPluginName: plugin)
    }

    mutating func sendHandshakeResponse(_ handshake: HandshakeV10) -> Action {
        // An unknown default plugin: answer for mysql_native_password and let the server switch us.
        var plugin = handshake.authPluginName
        var auth = authResponse(plugin: plugin, scramble: handshake.authPluginData)
        if auth == nil {
            plugin = Self.nativePlugin
            auth = authResponse(plugin: plugin, scramble: handshake.authPluginData)
        }
        state = .authenticating(plugin: plugin, scramble: handshake.authPluginData)
        return .send(packet(response(for: handshake, auth: auth ?? []).encode()))
    }

    mutating func authPacketReceived(_ packet: MySQLPacket, plugin: String, scramble: [UInt8]) throws -> Action {
        switch packet.firstByte {
        case 0x00:
            _ = try OKPacket.decode(packet.payload)
            state = .ready
            guard let handshake else { throw MySQLClientError(.protocolViolation, "OK before handshake") }
            return .authenticated(handshake)
        case 0xFF:
            throw MySQLClientError.server(try ERRPacket.decode(packet.payload))
        case 0xFE:
            let request = try AuthSwitchRequest.decode(packet.payload)
            guard let auth = authResponse(plugin: request.pluginName, scramble: request.pluginData) else {
                throw MySQLClientError(.unsupportedAuthPlugin, request.pluginName)
            }
            state = .authenticating(plugin: request.pluginName, scramble: request.pluginData)
            return .send(self.packet(ByteBuffer(bytes: auth)))
        case 0x01:
            let more = try AuthMoreData.decode(packet.payload)
            guard plugin == Self.cachingSHA2Plugin else {
                throw MySQLClientError(.protocolViolation, "AuthMoreData for \(plugin)")
            }
            switch more.data.first {
            case 0x03:  // fast authentication succeeded; OK follows
                return .wait
            case 0x04:  // full authentication
                if isTLS {
                    return .send(self.packet(ByteBuffer(bytes: AuthScramble.cleartext(password: password))))
                }
                if let serverPublicKeyPEM {
                    let encrypted = try AuthScramble.rsaEncryptedPassword(
                        password: password, scramble: scramble, publicKeyPEM: serverPublicKeyPEM)
                    return .send(self.packet(ByteBuffer(bytes: encrypted)))
                }
                state = .awaitingPublicKey(scramble: scramble)
                return .send(self.packet(ByteBuffer(bytes: [0x02])))
            default:
                throw MySQLClientError(.protocolViolation, "unknown caching_sha2_password state")
            }
        default:
            throw MySQLClientError(.protocolViolation, "unexpected packet during authentication")
        }
    }
}
