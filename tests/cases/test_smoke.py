def test_case_api_reads_a_case(api, case):
    response = api("agent").get(f"/cases/{case.pk}")
    assert response.status_code == 200, response.content
    assert response.json()["subject"] == "Router keeps dropping the connection"
