// Original file: proto/machine/machine.proto


export interface RollbackRequest {
}

export interface RollbackRequest__Output {
}
