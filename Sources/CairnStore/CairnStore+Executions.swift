import CairnCore
import Foundation

extension CairnStore {
    /// Records a new execution.
    /// - Throws: ``CairnError/Code/alreadyExists`` when the id is taken.
    public func createExecution(_ record: ExecutionRecord) async throws {
        var bind = PGBind()
        bind.append(record.id.uuidString)
        bind.append(record.workflow)
        bind.append(record.project)
        bind.append(record.domain)
        bind.append(record.status.rawValue)
        bind.append(Int64(record.nodeCount))
        bind.append(bytes: record.definition)
        bind.append(bytes: record.state)
        let sql =
            "INSERT INTO executions (id, workflow, project, domain, status, node_count, definition, state) "
            + "VALUES ($1::text::uuid, $2::text, $3::text, $4::text, $5::text, $6::bigint, $7::bytea, $8::bytea) "
            + "ON CONFLICT (id) DO NOTHING"
        let inserted = try await pool.run(.sql(sql, bind)) { $0.affectedRows }
        guard inserted == 1 else {
            throw CairnError(.alreadyExists, "execution \(record.id.uuidString.lowercased()) exists already")
        }
    }

    /// Replaces an execution's state and status.
    /// - Throws: ``CairnError/Code/notFound`` when there is no such execution.
    public func saveExecution(
        _ id: UUID, status: ExecutionRecord.Status, nodeCount: Int, state: [UInt8]
    ) async throws {
        var bind = PGBind()
        bind.append(id.uuidString)
        bind.append(status.rawValue)
        bind.append(Int64(nodeCount))
        bind.append(bytes: state)
        let sql =
            "UPDATE executions SET status = $2::text, node_count = $3::bigint, state = $4::bytea, "
            + "updated_at = now() WHERE id = $1::text::uuid"
        let updated = try await pool.run(.sql(sql, bind)) { $0.affectedRows }
        guard updated == 1 else {
            throw CairnError(.notFound, "execution \(id.uuidString.lowercased()) does not exist")
        }
    }

    /// The execution `id`.
    /// - Throws: ``CairnError/Code/notFound``.
    public func execution(_ id: UUID) async throws -> ExecutionRecord {
        var bind = PGBind()
        bind.append(id.uuidString)
        let sql =
            "SELECT workflow, project, domain, status, node_count::bigint, definition, state, created_at, updated_at "
            + "FROM executions WHERE id = $1::text::uuid"
        return try await pool.run(.sql(sql, bind)) { result in
            guard result.rowCount == 1 else {
                throw CairnError(.notFound, "execution \(id.uuidString.lowercased()) does not exist")
            }
            guard let status = ExecutionRecord.Status(rawValue: result.string(0, 3)) else {
                throw CairnError(
                    .internalError, "execution \(id.uuidString.lowercased()) has status \(result.string(0, 3))")
            }
            return ExecutionRecord(
                id: id, workflow: result.string(0, 0), project: result.string(0, 1), domain: result.string(0, 2),
                status: status, nodeCount: Int(result.int64(0, 4)), definition: result.bytes(0, 5),
                state: result.bytes(0, 6), createdAt: result.date(0, 7), updatedAt: result.date(0, 8))
        }
    }
}
