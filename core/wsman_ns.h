/* core/wsman_ns.h: the namespaces, actions and URIs of WS-Management and WinRS (MS-WSMV). */
#ifndef IVM_WSMAN_NS_H
#define IVM_WSMAN_NS_H

#define IVM_NS_SOAP "http://www.w3.org/2003/05/soap-envelope"
#define IVM_NS_ADDR "http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define IVM_NS_XFER "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define IVM_NS_WSMAN "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
#define IVM_NS_MSWSMAN "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
#define IVM_NS_SHELL "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
#define IVM_NS_FAULT "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"

#define IVM_URI_ANONYMOUS IVM_NS_ADDR "/role/anonymous"
#define IVM_URI_CMD_SHELL IVM_NS_SHELL "/cmd"

#define IVM_ACTION_CREATE IVM_NS_XFER "/Create"
#define IVM_ACTION_DELETE IVM_NS_XFER "/Delete"
#define IVM_ACTION_COMMAND IVM_NS_SHELL "/Command"
#define IVM_ACTION_SEND IVM_NS_SHELL "/Send"
#define IVM_ACTION_RECEIVE IVM_NS_SHELL "/Receive"
#define IVM_ACTION_SIGNAL IVM_NS_SHELL "/Signal"
#define IVM_ACTION_FAULT "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault"

#define IVM_SIGNAL_TERMINATE IVM_NS_SHELL "/signal/terminate"
#define IVM_SIGNAL_CTRL_C IVM_NS_SHELL "/signal/ctrl_c"

#define IVM_STATE_DONE IVM_NS_SHELL "/CommandState/Done"
#define IVM_STATE_RUNNING IVM_NS_SHELL "/CommandState/Running"
#define IVM_STATE_PENDING IVM_NS_SHELL "/CommandState/Pending"

/* WSManFault codes the client acts on (wsmerror.h names). */
#define IVM_WSMAN_OPERATION_TIMEDOUT 2150858793UL
#define IVM_WSMAN_UNEXPECTED_SELECTORS 2150858843UL /* the shell is gone */

#endif
