/** Why a liaison statement is sent. Action and comment need a deadline; a response names the statement it answers. */
export enum StatementPurpose {
  Action = 'action',
  Comment = 'comment',
  Information = 'information',
  Response = 'response',
}
